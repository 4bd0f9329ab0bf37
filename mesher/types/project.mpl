# Tenant types: an Organization owns Projects; a Project is addressed by
# its ApiKeys (revoked_at is None while the key is active). Rows of the
# organizations, projects and api_keys tables, every column as text.

pub struct Organization do
  id :: String
  name :: String
  slug :: String
  created_at :: String
end deriving(Json, Row)

pub struct Project do
  id :: String
  org_id :: String
  name :: String
  platform :: String
  created_at :: String
end deriving(Json, Row)

pub struct ApiKey do
  id :: String
  project_id :: String
  key_value :: String
  label :: String
  created_at :: String
  revoked_at :: Option<String>
end deriving(Json, Row)
