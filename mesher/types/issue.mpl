# Issue types: events with the same fingerprint are grouped into an issue.
# IssueStatus is its triage state; Issue is a row of the issues table
# (event_count is the one Int column, the rest is text).

pub type IssueStatus do
  Unresolved
  Resolved
  Archived
end deriving(Json)

pub struct Issue do
  id :: String
  project_id :: String
  fingerprint :: String
  title :: String
  level :: String
  status :: String
  event_count :: Int
  first_seen :: String
  last_seen :: String
  assigned_to :: String
end deriving(Json, Row)
