# `%{base | field: value, …}` (supplement 1.5): a new struct value copied
# from the base with the listed fields replaced; the base is unchanged.
struct Point do
  x :: Int
  y :: Int
  label :: String
end

struct Box<T> do
  item :: T
  count :: Int
end

fn trace(msg :: String, v :: Int) -> Int do
  println("evaluating ${msg}")
  v
end

fn moved(p :: Point, dx :: Int) -> Point do
  %{p | x: p.x + dx}
end

fn main() do
  let origin = Point { x: 0, y: 0, label: "origin" }
  let a = %{origin | x: 10, y: origin.y + 1}
  println("${a.x} ${a.y} ${a.label}")
  println("${origin.x} ${origin.y} ${origin.label}")
  let b = %{a | label: "b",}
  println("${b.x} ${b.y} ${b.label}")
  println("${moved(b, 5).x}")
  # fields are evaluated left to right
  let c = %{origin | y: trace("y", 2), x: trace("x", 1)}
  println("${c.x} ${c.y}")
  let d = %{
    c |
    label: "multi-line",
  }
  println(d.label)
  let box = Box { item: "thing", count: 1 }
  let more = %{box | count: box.count + 1}
  println("${more.item} ${more.count} ${box.count}")
  println("${a == %{origin | x: 10, y: 1}}")
end
