# Expressions (section 6) and patterns (section 7).
fn precedence(a, b, c, x, f, y) do
  let p1 = a |> f == y
  let p2 = a or b || c and a && b
  let p3 = a == b != c
  let p4 = a < b > c <= a >= b
  let p5 = 1..10
  let p6 = "a" <> "b" ++ "c"
  let p7 = 1 + 2 - 3 * 4 / 5 % 6
  let p8 = -x.y + not a == b
  let p9 = !a and not not b
  let p10 = 2 - -3
  let p11 = - - x
  let p12 = f(x)?.y?
  (p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12)
end

fn pipes(xs) do
  let doubled = xs |> List.map(fn x -> x * 2 end) |> List.filter(fn x -> x > 2 end)
  let total = (
    xs
    |> List.map(fn x -> x + 1 end)
    |> List.reduce(0, fn acc, x -> acc + x end)
  )
  let n = 5 |> halve
  let s = xs |> Iter.from() |> Iter.count()
  (doubled, total, n, s)
end

fn closures() do
  let a = fn(x :: Int) -> x * 3 end
  let b = fn(a, b) -> a + b end
  let c = fn x -> x * 3 end
  let d = fn acc, x -> acc + x end
  let e = fn -> 99 end
  let f = fn() -> 98 end
  let g = fn(row) do
    let y = row * 2
    y + 1
  end
  let h = fn x do
    x
  end
  let i = fn do
    println("no params")
  end
  let j = fn 0 -> "zero" | n when n < 0 -> "neg" | _ -> "pos" end
  let k = fn Some(v) -> v | None -> 0 end
  let l = fn (a, b) -> a end
  let m = fn x :: Int, y :: Int -> x + y end
  let n = fn(x) when x > 0 -> x end
  let o = fn "a" -> 1 | "b" -> 2 | _ -> 0 end
  let q = fn -1 -> "minus" | _ -> "other" end
  let r = fn (h :: t) -> h end
  let s = fn Shape.Circle(r) -> r | Shape.Square(s) -> s end
  let t = fn(x) -> fn(y) -> x + y end end
  (fn x -> x end)(1)
  List.map([1, 2], fn x ->
    x + 1
  end)
  List.each([1, 2], fn(x) do
    println("${x}")
    println("again")
  end)
  [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, q, r, s, t]
end

# A closure as a function's result: at the start of a statement, where the
# reference would read a named function.
fn make_adder(n :: Int) -> Fun(Int) -> Int do
  fn x -> x + n end
end

fn pick(flag) do
  if flag do
    fn a, b -> a end
  else
    fn Some(v) -> v | None -> 0 end
  end
end

fn conditionals(x, y) do
  if x > 0 do
    println("pos")
  end
  let label = if x > 10 do "big" else "small" end
  let sign = if x > 0 do
    1
  else if x < 0 do
    -1
  else if x == 0 and y do
    0
  else
    99
  end
  if x do 1 else if y do 2 end
  let nested = if (if x do y else false end) do 1 else 2 end
  println(if x do "a" else "b" end)
  let sum = 1 + if x do 2 else 3 end
  let via_case = 1 + case x do
    0 -> 1
    _ -> 2
  end
  (label, sign, nested, sum, via_case)
end

fn patterns(v) do
  case v do
    _ -> 0
    n -> n
    0 -> 1
    -1 -> 2
    2.5 -> 3
    -2.5 -> 4
    "on" -> 5
    true -> 6
    false -> 7
    nil -> 8
    (a, _, 3) -> a
    () -> 9
    (x) -> x
    Some(x) -> x
    Err(e) when e == "fatal" -> 10
    Dim(level) -> level
    Signal.Off -> 11
    Shape.Box(w, h) -> w * h
    Shape.Empty() -> 12
    None -> 13
    first :: rest -> first
    a :: b :: rest -> a
    Off | Dim(0) -> 14
    1 | 2 | 3 -> 15
    Some(inner) as whole -> whole
    (Some(a), Ok(b) | Err(b)) -> a
    Some((a, b)) -> a
    Some(h :: t as l) -> h
    Ok(Some(Dim(n))) when n > 0 and n < 10 or n == 100 -> n
  end
end

fn case_forms(x) do
  let a = case x do
    0 -> "zero"
    n when n > 0 -> "pos"
    _ -> if x < -10 do
      "very negative"
    else
      "negative"
    end
  end
  let b = match x do
    1 -> List.map(
      [1, 2],
      fn y -> y end
    )
    _ -> Point {
      x: 1,
      y: 2
    }
  end
  let c = case f(x) do
    Ok(v) -> v
    Err(_) -> 0
  end
  let d = case x do 0 -> "z"; _ -> "nz" end
  let e = case x do
    0 -> case x do
      _ -> 1
    end
    _ -> 2
  end
  (a, b, c, d, e)
end

fn loops(xs, m) do
  let squares = for i in 1..4 do i * i end
  let evens = for x in [5, 6, 7, 8] when x % 2 == 0 do x end
  let keys = for {k, v} in %{"a" => 1, "b" => 2} do k end
  for x in xs do
    if x == 3 do
      continue
    end
    if x > 5 do break end
    println("${x}")
  end
  while true do
    break
  end
  while m > 0 and check(m) do
    continue
  end
  for (a, b) in pairs(xs) when a != b do
    a + b
  end
  for Some(x) in xs do x end
  (squares, evens, keys)
end

fn returns(x) -> Int!String do
  if x < 0 do
    return Err("negative")
  end
  if x == 0 do return Ok(0) end
  let y = parse(x)?
  let z = Pool.query(pool, "select", [])?
  Pool.execute(pool, "insert", [x])?
  insert_event(x)?
  if y > 100 do
    return
  end
  Ok(y + z)
end

fn literals(base) do
  let s = Point { x: 1, y: 2 }
  let t = Geometry.Point { x: 1, y: 2, }
  let e = Empty {}
  let u = %{base | x: 10}
  let v = %{base | x: 10, y: 20,}
  let w = %{make() | x: 1}
  let tup = (1, "x", 2.5)
  let two = (1, 2,)
  let unit = ()
  let grouping = (1)
  let xs = [1, 2, 3,]
  let empty = []
  let nested = [[1], [2, 3], []]
  let m = %{"a" => 1, "b" => 2}
  let em = %{}
  let multi = %{
    "a" => 1,
    "b" => [
      1,
      2
    ],
  }
  let args = f(
    1,
    "two",
    [3],
  )
  let chained = a.b.c.d
  let method = name.length()
  let chain = p.to_string().length()
  let qualified = Services.Writer.flush(pid)
  let keyword_fields = (Process.monitor, Node.spawn, x.self, Process.link)
  let math = Math.pi
  let field_call = s.callback(1)
  let call_result_field = make().x
  let index_like = f(1)(2)
  let self_ref = self
  (s, t, e, u, v, w, tup, two, unit, grouping, xs, empty, nested, m, em, multi, args)
end

fn struct_or_block(x) do
  if x == P { a: 1 } do
    1
  end
  if x == P { a: 1 }.a do 2 end
  if P { a: 1 } == x do 3 end
  while x != Empty {} do
    break
  end
  case P { a: 1 } do
    _ -> 1
  end
end

fn statements_in_brackets(xs) do
  List.map(xs, fn x do
    let y = x + 1
    let z = y * 2
    z
  end)
  [fn do
    println("a")
    println("b")
  end]
  (if true do
    1
  else
    2
  end)
end

fn semicolons() do
  let a = 1; let b = 2; a + b
end
