struct Note do
  table "notes"
  id :: Int
end deriving(Json)

struct Tag do
  id :: Int
end deriving(Schema)

fn main() do
  println(Note.__table__())
  println(Tag.__label_col__())
  println(Tag.__id_col__())
end
