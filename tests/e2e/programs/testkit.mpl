# Helpers shared by the e2e test programs (copied next to mesher's modules
# as the module Testkit): the database URL, a fresh project, events built
# from mesher's own types, and polling the events table.

from Storage.Schema import create_schema, create_partitions_ahead
from Storage.Errors import db_message
from Storage.Queries import insert_org, insert_project
from Services.Writer import StorageWriter
from Storage.Spool import open_spool

# A writer on a spool of its own (in memory: these programs test the
# writer, not the spool's durability).
pub fn start_writer(pool :: PoolHandle, project_id :: String) -> Pid!String do
  let spool = open_spool(":memory:", "normal")?
  Ok(StorageWriter.start(pool, spool, project_id))
end
from Types.Event import EventPayload, ExceptionInfo, StackFrame, Breadcrumb

pub fn db_url() -> String do
  let url = Env.get("MESHER_DB_URL")
  case url do
    Some(u) -> u
    None -> "postgres://mesh:mesh@localhost:5432/mesher"
  end
end

# Errors show their message only (Storage.Errors reads both error forms).
pub fn show_result(label :: String, r) -> String do
  case r do
    Ok(_) -> label <> ": Ok"
    Err(e) -> label <> ": Err(" <> db_message(e) <> ")"
  end
end

# Schema, partitions, one organization and one project; the project's id.
pub fn setup_project(pool :: PoolHandle, slug :: String) -> String!String do
  create_schema(pool)?
  create_partitions_ahead(pool, 7)?
  let org_id = insert_org(pool, "Org " <> slug, slug)?
  insert_project(pool, org_id, "Project " <> slug, "python")
end

# The JSON an SDK would send for event number i.
pub fn event_json(i :: Int) -> String do
  let frame = StackFrame { filename: "app.py", function_name: "handler", lineno: 10 + i, colno: 4, context_line: "raise ValueError()", in_app: true }
  let crumb = Breadcrumb { timestamp: "2026-01-01T00:00:00Z", category: "http", message: "GET /items", level: "info" }
  let payload = EventPayload {
    message: "event " <> String.from(i),
    level: "error",
    fingerprint: Some("fp-" <> String.from(i % 3)),
    exception: Some(ExceptionInfo { type_name: "ValueError", value: "bad value " <> String.from(i), module_name: "app" }),
    stacktrace: Some([frame]),
    breadcrumbs: Some([crumb]),
    tags: Some(%{"env" => "test", "n" => String.from(i)}),
    extra: None,
    user_context: None,
    sdk_name: Some("mesh-e2e"),
    sdk_version: None
  }
  Json.encode(payload)
end

# Casts Store for events i .. n - 1.
pub fn store_events(writer, i :: Int, n :: Int) -> Int do
  if i < n do
    StorageWriter.store(writer, event_json(i))
    store_events(writer, i + 1, n)
  else
    n
  end
end

# Number of stored events of the project, -1 if the query failed.
pub fn count_events(pool :: PoolHandle, project_id :: String) -> Int do
  let r = Pool.query(pool, "SELECT count(*)::text AS n FROM events WHERE project_id = $1::uuid", [project_id])
  case r do
    Ok(rows) -> count_of(rows)
    Err(_) -> -1
  end
end

fn count_of(rows) -> Int do
  let n = String.to_int(Map.get(List.head(rows), "n"))
  case n do
    Some(v) -> v
    None -> -1
  end
end

# Polls every 20 ms until the project has `expected` events (or tries run
# out); returns the last count seen.
pub fn wait_for_count(pool :: PoolHandle, project_id :: String, expected :: Int, tries :: Int) -> Int do
  let n = count_events(pool, project_id)
  if n == expected do
    n
  else if tries <= 0 do
    n
  else
    Timer.sleep(20)
    wait_for_count(pool, project_id, expected, tries - 1)
  end
end

# Polls every 50 ms until the database answers (or tries run out).
pub fn wait_for_db(pool :: PoolHandle, tries :: Int) -> Bool do
  let r = Pool.query(pool, "SELECT 1 AS one", [])
  let ok = case r do
    Ok(_) -> true
    Err(_) -> false
  end
  if ok do
    true
  else if tries <= 0 do
    false
  else
    Timer.sleep(50)
    wait_for_db(pool, tries - 1)
  end
end
