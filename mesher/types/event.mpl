# Event types: what an SDK reports and what is stored in the events table.
# Severity is the level of an event; EventPayload is the JSON body an SDK
# sends (optional parts are Option fields); Event is a stored row, every
# column read back as text (JSONB columns as their JSON text).

pub type Severity do
  Fatal
  Error
  Warning
  Info
  Debug
end deriving(Json)

pub struct StackFrame do
  filename :: String
  function_name :: String
  lineno :: Int
  colno :: Int
  context_line :: String
  in_app :: Bool
end deriving(Json)

pub struct ExceptionInfo do
  type_name :: String
  value :: String
  module_name :: String
end deriving(Json)

pub struct Breadcrumb do
  timestamp :: String
  category :: String
  message :: String
  level :: String
end deriving(Json)

pub struct Event do
  id :: String
  project_id :: String
  issue_id :: String
  level :: String
  message :: String
  fingerprint :: String
  exception :: String
  stacktrace :: String
  breadcrumbs :: String
  tags :: String
  extra :: String
  user_context :: String
  sdk_name :: String
  sdk_version :: String
  received_at :: String
end deriving(Json, Row)

pub struct EventPayload do
  message :: String
  level :: String
  fingerprint :: Option<String>
  exception :: Option<ExceptionInfo>
  stacktrace :: Option<List<StackFrame>>
  breadcrumbs :: Option<List<Breadcrumb>>
  tags :: Option<Map<String, String>>
  extra :: Option<Map<String, String>>
  user_context :: Option<Map<String, String>>
  sdk_name :: Option<String>
  sdk_version :: Option<String>
end deriving(Json)
