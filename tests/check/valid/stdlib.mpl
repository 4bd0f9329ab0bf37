# A broad sample of the standard library (section 13).
struct Item do
  name :: String
  qty :: Int
end deriving(Json)

fn main() do
  let s = "Hello, World"
  println("${String.length(s)} ${String.contains(s, "World")} ${String.slice(s, 0, 5)}")
  println(String.replace(s, "World", "Mesh") <> String.join(["a", "b"], "-"))
  let n = String.to_int("42")
  case n do
    Some(v) -> println("${v + 1}")
    None -> println("bad")
  end
  let xs = [3, 1, 2]
  println("${List.reverse(xs)} ${List.head(xs)} ${List.tail(xs)} ${List.last(xs)} ${List.get(xs, 1)}")
  println("${List.concat(xs, [9])} ${List.contains(xs, 2)} ${List.zip(xs, ["a", "b", "c"])}")
  println("${List.enumerate(["x"])} ${List.take(xs, 2)} ${List.drop(xs, 1)} ${List.flatten([[1], [2]])}")
  let m = %{"a" => 1}
  let m2 = Map.put(m, "b", 2)
  println("${Map.get(m2, "b")} ${Map.keys(m2)} ${Map.values(m2)} ${Map.to_list(m2)} ${Map.delete(m2, "a")}")
  let st = Set.add(Set.new(), 4)
  println("${Set.contains(st, 4)} ${Set.size(st)} ${Set.to_list(Set.union(st, Set.from_list([5])))}")
  let q = Queue.push(Queue.new(), 1)
  println("${Queue.size(q)} ${Queue.peek(q)} ${Queue.is_empty(q)}")
  let it = Iter.from([1, 2, 3, 4]) |> Iter.map(fn x -> x * 2 end) |> Iter.filter(fn x -> x > 2 end)
  println("${Iter.count(it)}")
  println("${Int.to_float(3) + 0.5} ${Float.to_int(2.7)} ${Math.abs(-3)} ${Math.max(1, 2)} ${Math.sqrt(4.0)}")
  println("${Math.floor(2.5)} ${Math.pi} ${Math.pow(2.0, 3.0)}")
  let item = Item { name: "nut", qty: 3 }
  println(Json.encode(item))
  case Item.from_json("""{"name": "bolt", "qty": 2}""") do
    Ok(i) -> println(i.name)
    Err(e) -> println(e)
  end
  let t = (1, "two")
  println("${Tuple.first(t)} ${Tuple.second(t)}")
  let env = Env.get("HOME")
  case env do
    Some(_) -> println("home set")
    None -> println("no home")
  end
  let text = s.to_upper().length()
  println("${text} ${xs.length()} ${5.to_string()} ${[1, 2].to_string()}")
  IO.eprintln("to stderr")
  print("no newline\n")
end
