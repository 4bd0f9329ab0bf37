pub struct Tag do
  label :: String
end deriving(Json, Schema, Row)

pub fn make(label :: String) -> Tag do
  Tag { label: label }
end
