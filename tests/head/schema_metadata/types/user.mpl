pub struct User do
  table "people"
  id :: String
  email :: String
  age :: Int
  score :: Float
  active :: Bool
  tags :: List<String>
  has_many :posts, Post
  has_one :profile, Profile
end deriving(Schema, Json)
