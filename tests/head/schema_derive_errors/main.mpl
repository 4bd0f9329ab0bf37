# deriving(Schema) (supplement 3 and 10)
type Status do
  Active
  Archived
end deriving(Schema, Eq)

struct Note do
  id :: Int
  body :: String
end deriving(Json)

struct Tag do
  id :: Int
end deriving(Schema)

fn main() do
  println(Note.__table__())
  println(Tag.__name_col__())
  println(Tag.__table__(1))
  let f = Tag.__fields__
  println("${f}")
end
