type Status do
  Active
  Archived
end deriving(Schema, Eq)

fn main() do
  println("${Active == Archived}")
end
