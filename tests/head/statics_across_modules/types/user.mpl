pub struct User do
  table "people"
  name :: String
  age :: Int
end deriving(Json, Schema)
