# Mesh as it is today (supplement mesh-language-head.md, section 1).

# 1.1 atoms
fn atoms() do
  let a = :name
  let b = :created_at
  let c = [:_x, :gte, :asc]
  let d = %{:k => :v}
  let n :: Int = 1
  let ok = a == :name and n > 0
  let e = case b do
    x when x == :created_at -> :yes
    _ -> :no
  end
  (a, b, c, d, ok, e, Point { x:1 })
end

# 1.2 keyword arguments
fn keywords(x, opts) do
  let a = keywords(x, name: "Ann", role: "admin")
  let b = keywords(x, %{"name" => "Ann"})
  let c = f(only: 1,)
  let d = x |> g(by: 2) |> Mod.h(limit: 10, offset: 0)
  let e = f(
    first: 1,
    second: [1, 2],
  )
  (a, b, c, d, e)
end

# 1.3 leading-pipe lines
fn pipes(xs) do
  let a = xs
    |> List.map(fn x -> x + 1 end)

    # a comment between stages
    |> List.filter(fn x -> x > 1 end)
  let b = case a do
    0 -> 0
      |> g
    _ -> 1
  end
  a
  |> h(b)
end

struct Point do
  x :: Int
end

fn main() do
  println("${atoms()}")
end
