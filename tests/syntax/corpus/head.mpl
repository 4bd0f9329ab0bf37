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

# 1.4 reserved words after `.`
fn members(conn, q, data, params) do
  Ws.send(conn, "hi")
  let q2 = q
    |> Query.where(:status, "open")
    |> Query.order_by(:inserted_at, :desc)
  let cs = Changeset.cast(data, params, [:name, :email])
  (q2, cs, q.where, data.cast, conn.send, Process.self, x.monitor, y.spawn, z.link)
end

# 1.5 struct update
fn updates(p) do
  let a = %{p | x: 1}
  let b = %{a | x: a.x + 1,}
  %{
    b |
    x: 3
  }
end

# 1.6 schema options and relationships; deriving(Schema)
pub struct Book do
  table "library_books"
  primary_key :isbn
  timestamps true
  isbn :: String
  title :: String
  belongs_to :shelf, Shelf
  has_many :loans, Loan
  has_one :cover, Cover
end deriving(Schema, Json, Row)

fn schema_calls() do
  let table = Book.__table__()
  (table, Book.__fields__(), Book.__isbn_col__())
end

struct Point do
  x :: Int
end

fn main() do
  println("${atoms()}")
end
