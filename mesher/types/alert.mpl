# Alert types: an AlertRule of a project (a row of alert_rules; condition
# and action are JSONB text) and the AlertCondition it encodes.

pub struct AlertRule do
  id :: String
  project_id :: String
  name :: String
  condition_json :: String
  action_json :: String
  enabled :: Bool
  created_at :: String
end deriving(Json, Row)

pub struct AlertCondition do
  condition_type :: String
  threshold :: Int
  window_minutes :: Int
end deriving(Json)
