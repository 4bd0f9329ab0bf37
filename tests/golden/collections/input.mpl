# Lists, maps, sets, tuples, ranges and queues are immutable values (9.6, 13).
fn main() do
  let xs = [3, 1, 2]
  let ys = List.append(xs, 4)
  println("${xs} ${ys} ${List.sort(ys, fn a, b -> a - b end)} ${List.reverse(xs)}")
  println("${List.head(xs)} ${List.last(xs)} ${List.get(xs, 1)} ${List.take(xs, 2)} ${List.drop(xs, 2)}")
  let m = Map.put(%{"b" => 2, "a" => 1}, "b", 20)
  println("${m} ${Map.keys(m)} ${Map.get(m, "a")} ${Map.has_key(m, "z")}")
  let s = Set.add(Set.from_list([3, 1, 3]), 2)
  println("${s} ${Set.contains(s, 1)} ${Set.size(s)}")
  let t = (1, "two", 3.5)
  println("${Tuple.first(t)} ${Tuple.second(t)} ${Tuple.size(t)}")
  let r = Range.new(2, 6)
  println("${Range.length(r)} ${Range.to_list(r)} ${Range.map(r, fn i -> i * 10 end)}")
  let q = Queue.push(Queue.push(Queue.new(), 5), 6)
  let (front, rest) = Queue.pop(q)
  println("${front} ${Queue.size(rest)} ${Queue.peek(rest)}")
  println("${List.zip([1, 2], ["a", "b"])} ${List.enumerate(["x"])} ${Map.to_list(%{1 => 2})}")
end
