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

struct Point do
  x :: Int
end

fn main() do
  println("${atoms()}")
end
