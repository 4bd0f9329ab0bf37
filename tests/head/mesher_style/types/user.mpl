pub struct User do
  table "users"
  id :: String
  email :: String
  display_name :: String
  org_id :: String
  belongs_to :org, Organization
end deriving(Schema, Json, Row)
