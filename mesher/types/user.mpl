# Account types: a User (the password hash never leaves the database),
# their OrgMembership in an organization with a role, and a login Session
# identified by a random token. Rows of users, org_memberships, sessions.

pub struct User do
  id :: String
  email :: String
  display_name :: String
  created_at :: String
end deriving(Json, Row)

pub struct OrgMembership do
  id :: String
  user_id :: String
  org_id :: String
  role :: String
  joined_at :: String
end deriving(Json, Row)

pub struct Session do
  token :: String
  user_id :: String
  created_at :: String
  expires_at :: String
end deriving(Json, Row)
