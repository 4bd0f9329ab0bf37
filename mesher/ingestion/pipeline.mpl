# The ingestion pipeline (contract section 4), run in the request's own
# process: API-key authentication, then one SQL statement that parses and
# validates the event, computes its fingerprint and id, checks for a
# discarded issue and upserts the issue; then the event is appended to the
# spool (Storage.Spool: durable before the request is answered 202), the
# StorageWriter is told, and the project's stream clients and alert rules
# get it.

from Api.Helpers import Ctx, writer_pid, stream_pid
from Services.Writer import StorageWriter
from Storage.Writer import writer_entry
from Storage.Spool import spool_append, spool_append_all
from Services.StreamManager import StreamManager
from Ingestion.Alerts import fire_event_rules

# The API key in an x-sentry-auth / Authorization value: the raw key, or
# `Bearer <key>`, or a Sentry header `Sentry sentry_key=<key>, …`.
pub fn extract_key(value :: String) -> String do
  let v = String.trim(value)
  if String.starts_with(v, "Bearer ") do
    String.trim(String.slice(v, 7, String.length(v)))
  else
    if String.starts_with(v, "Sentry ") do sentry_key(String.slice(v, 7, String.length(v))) else v end
  end
end

fn sentry_key(fields :: String) -> String do
  let found = List.filter(List.map(String.split(fields, ","), fn(f) do String.trim(f) end), fn(f) do String.starts_with(f, "sentry_key=") end)
  if List.length(found) > 0 do String.slice(List.head(found), 11, String.length(List.head(found))) else "" end
end

pub fn request_key(req :: Request) -> String do
  case Request.header(req, "x-sentry-auth") do
    Some(v) -> extract_key(v)
    None -> case Request.header(req, "authorization") do
      Some(v) -> extract_key(v)
      None -> ""
    end
  end
end

pub struct Auth do
  project_id :: String
  keep :: String
end

# The project of an active key (stored as is, or as its SHA-256 digest),
# and whether this request survives the project's sample_rate ("keep" or
# "drop"). The key is found through the unique index, never compared in Mesh.
pub fn authenticate(pool :: PoolHandle, key :: String) -> Auth!String do
  if key == "" do
    Err("unauthorized")
  else
    let rows = Pool.query(pool, "SELECT k.project_id::text AS project_id, CASE WHEN random() < p.sample_rate THEN 'keep' ELSE 'drop' END AS keep FROM api_keys k JOIN projects p ON p.id = k.project_id WHERE (k.key_value = $1 OR k.key_value = 'sha256:' || encode(sha256(convert_to($1, 'UTF8')), 'hex')) AND k.revoked_at IS NULL", [key])?
    if List.length(rows) > 0 do
      let row = List.head(rows)
      Ok(Auth { project_id: Map.get(row, "project_id"), keep: Map.get(row, "keep") })
    else
      Err("unauthorized")
    end
  end
end

# SQL of the validation error of the event j ('' when valid).
pub fn validation_sql(j :: String) -> String do
  "CASE WHEN jsonb_typeof(" <> j <> ") <> 'object' THEN 'event must be a JSON object' WHEN COALESCE(" <> j <> "->>'message', '') = '' THEN 'missing required field: message' WHEN char_length(" <> j <> "->>'message') > 10000 THEN 'message too long (max 10000 characters)' WHEN char_length(" <> j <> "->>'fingerprint') > 500 THEN 'fingerprint too long (max 500 characters)' WHEN char_length(" <> j <> "->>'sdk_name') > 200 OR char_length(" <> j <> "->>'sdk_version') > 100 THEN 'sdk_name/sdk_version too long (max 200/100 characters)' WHEN COALESCE(" <> j <> "->>'level', 'error') NOT IN ('fatal', 'error', 'warning', 'info', 'debug') THEN 'invalid level: must be fatal, error, warning, info, or debug' ELSE '' END"
end

# SQL of the fingerprint (contract 4.2, first rule that applies): custom
# fingerprint; frames' filename|function_name joined by ';' plus the
# normalised message; exception type plus normalised value; the message.
# norm(s) removes every "0x" and lower-cases.
fn fingerprint_sql() -> String do
  let stack = "(SELECT string_agg((fr->>'filename') || '|' || (fr->>'function_name'), ';' ORDER BY n) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j->'stacktrace') = 'array' THEN j->'stacktrace' ELSE '[]'::jsonb END) WITH ORDINALITY AS s(fr, n)) || ':' || lower(replace(COALESCE(j->>'message', ''), '0x', ''))"
  let exc = "CASE WHEN jsonb_typeof(j->'exception') = 'object' AND (j->'exception'->>'type_name') IS NOT NULL THEN (j->'exception'->>'type_name') || ':' || lower(replace(COALESCE(j->'exception'->>'value', ''), '0x', '')) END"
  let fp = "COALESCE(CASE WHEN jsonb_typeof(j->'fingerprint') = 'string' AND j->>'fingerprint' <> '' THEN j->>'fingerprint' END, " <> stack <> ", " <> exc <> ", 'msg:' || lower(replace(COALESCE(j->>'message', ''), '0x', '')))"
  # A long one (a deep stack trace) is kept as its digest: the issue key
  # stays within the column's length limit and the btree's row size.
  "CASE WHEN char_length(" <> fp <> ") > 500 THEN 'md5:' || md5(" <> fp <> ") ELSE " <> fp <> " END"
end

# SQL of the event's id: the SDK's event_id when it is a UUID (with or
# without dashes, as Sentry SDKs send it), else a new one.
fn event_id_sql(j :: String) -> String do
  "CASE WHEN jsonb_typeof(" <> j <> "->'event_id') = 'string' AND replace(" <> j <> "->>'event_id', '-', '') ~* '^[0-9a-f]{32}$' THEN replace(" <> j <> "->>'event_id', '-', '')::uuid ELSE gen_random_uuid() END::text"
end

# $1 project id, $2 event JSON, $3 'keep'/'drop'. One row: err, fp, event_id,
# issue_id ('' when discarded, sampled out or invalid), inserted, the
# issue's previous status, the receive time, level and tags.environment.
fn process_sql() -> String do
  let f = "f AS (SELECT j, " <> validation_sql("j") <> " AS err, " <> fingerprint_sql() <> " AS fp FROM (SELECT $2::jsonb AS j) AS ev)"
  let prev = "prev AS (SELECT i.status FROM issues i JOIN f ON i.fingerprint = f.fp WHERE i.project_id = $1::uuid)"
  let up = "up AS (INSERT INTO issues (project_id, fingerprint, title, level, event_count) SELECT $1::uuid, fp, j->>'message', COALESCE(j->>'level', 'error'), 1 FROM f WHERE err = '' AND $3 = 'keep' AND NOT EXISTS (SELECT 1 FROM prev WHERE status = 'discarded') ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + 1, last_seen = now(), status = CASE WHEN issues.status = 'resolved' THEN 'unresolved' ELSE issues.status END RETURNING id, (xmax = 0) AS inserted)"
  "WITH " <> f <> ", " <> prev <> ", " <> up <> " SELECT f.err, COALESCE(f.fp, '') AS fp, CASE WHEN f.err = '' THEN " <> event_id_sql("f.j") <> " ELSE '' END AS event_id, COALESCE((SELECT id::text FROM up), '') AS issue_id, COALESCE((SELECT inserted FROM up), false) AS inserted, COALESCE((SELECT status FROM prev), '') AS prev_status, clock_timestamp()::text AS t, COALESCE(f.j->>'level', 'error') AS level, COALESCE(f.j->'tags'->>'environment', '') AS env FROM f"
end

# Runs one event through the pipeline: Ok(issue id, or "" when it was
# dropped: discarded issue or sampled out), Err(reason) for a bad event.
pub fn process_event(ctx :: Ctx, project_id :: String, keep :: String, body :: String) -> String!String do
  let rows = reachable(Pool.query(ctx.pool, process_sql(), [project_id, body, keep]))?
  let row = List.head(rows)
  let err = Map.get(row, "err")
  let issue_id = Map.get(row, "issue_id")
  if err != "" do
    Err(err)
  else
    if issue_id != "" do
      spooled(spool_append(ctx.spool, entry_of(project_id, issue_id, row, body)))?
      StorageWriter.kick(writer_pid(ctx))
      after_store(ctx, project_id, issue_id, row, body)
    end
    Ok(issue_id)
  end
end

# A failure without SQLSTATE (connection lost or refused, pool checkout or
# statement timeout) is the database being unavailable: marked so that the
# route answers 503. Errors with a SQLSTATE keep it (22xxx/23xxx are bad
# input: 400).
pub fn reachable(r :: List<Map<String, String>>!String) -> List<Map<String, String>>!String do
  case r do
    Ok(rows) -> Ok(rows)
    Err(e) -> if String.contains(e, "\t") do Err(e) else Err("database unavailable: " <> e) end
  end
end

# A spool failure, marked so that the route answers 503 (not 400).
fn spooled(r :: Int!String) -> Int!String do
  case r do
    Ok(n) -> Ok(n)
    Err(e) -> Err("spool: " <> e)
  end
end

fn entry_of(project_id :: String, issue_id :: String, row :: Map<String, String>, body :: String) -> String do
  writer_entry(Map.get(row, "event_id"), project_id, issue_id, Map.get(row, "fp"), Map.get(row, "t"), body)
end

# $1 project id, $2 a JSON array of valid events, $3 'keep'/'drop'. The
# same as process_sql for every element, set-based: elements are grouped by
# fingerprint so each issue is upserted once (count + group size). One row
# per element, in order, with is_first marking the first of its group.
fn process_batch_sql() -> String do
  let els = "els AS (SELECT a.n, a.j, " <> fingerprint_sql() <> " AS fp FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS a(j, n))"
  let grp = "grp AS (SELECT fp, count(*)::int AS c, min(n) AS first_n FROM els GROUP BY fp)"
  let prev = "prev AS (SELECT i.fingerprint, i.status FROM issues i JOIN grp g ON i.fingerprint = g.fp WHERE i.project_id = $1::uuid)"
  let up = "up AS (INSERT INTO issues (project_id, fingerprint, title, level, event_count) SELECT $1::uuid, g.fp, e.j->>'message', COALESCE(e.j->>'level', 'error'), g.c FROM grp g JOIN els e ON e.n = g.first_n WHERE $3 = 'keep' AND NOT EXISTS (SELECT 1 FROM prev p WHERE p.fingerprint = g.fp AND p.status = 'discarded') ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + EXCLUDED.event_count, last_seen = now(), status = CASE WHEN issues.status = 'resolved' THEN 'unresolved' ELSE issues.status END RETURNING id, fingerprint, (xmax = 0) AS inserted)"
  let cols = "e.j::text AS body, e.fp, " <> event_id_sql("e.j") <> " AS event_id, COALESCE(up.id::text, '') AS issue_id, COALESCE(up.inserted, false) AS inserted, COALESCE(p.status, '') AS prev_status, (e.n = g.first_n) AS is_first, clock_timestamp()::text AS t, COALESCE(e.j->>'level', 'error') AS level, COALESCE(e.j->'tags'->>'environment', '') AS env"
  "WITH " <> els <> ", " <> grp <> ", " <> prev <> ", " <> up <> " SELECT " <> cols <> " FROM els e JOIN grp g ON g.fp = e.fp LEFT JOIN up ON up.fingerprint = e.fp LEFT JOIN prev p ON p.fingerprint = e.fp ORDER BY e.n"
end

# Runs a validated array of events through the pipeline in one statement;
# the number stored (0 when sampled out; discarded issues drop theirs).
pub fn process_batch(ctx :: Ctx, project_id :: String, keep :: String, events_json :: String) -> Int!String do
  let rows = reachable(Pool.query(ctx.pool, process_batch_sql(), [project_id, events_json, keep]))?
  let stored = List.filter(rows, fn(row) do Map.get(row, "issue_id") != "" end)
  spooled(spool_append_all(ctx.spool, List.map(stored, fn(row) do entry_of(project_id, Map.get(row, "issue_id"), row, Map.get(row, "body")) end)))?
  if List.length(stored) > 0 do StorageWriter.kick(writer_pid(ctx)) end
  let _ = List.map(stored, fn(row) do batch_row(ctx, project_id, row) end)
  if List.length(stored) > 0 do publish_issue_count(ctx, project_id) else 0 end
  Ok(List.length(stored))
end

fn batch_row(ctx :: Ctx, project_id :: String, row :: Map<String, String>) -> Int do
  let issue_id = Map.get(row, "issue_id")
  let body = Map.get(row, "body")
  StreamManager.publish_event(stream_pid(ctx), project_id, Map.get(row, "level"), Map.get(row, "env"), event_message(project_id, issue_id, body))
  if Map.get(row, "is_first") == "t" do alerts_for(ctx, project_id, issue_id, row) else 0 end
end

fn event_message(project_id :: String, issue_id :: String, body :: String) -> String do
  """{"type":"event","project_id":""" <> JSON.encode_string(project_id) <> ""","issue_id":""" <> JSON.encode_string(issue_id) <> ""","data":""" <> body <> "}"
end

# new_issue rules for a created issue, regression rules for a reopened one.
fn alerts_for(ctx :: Ctx, project_id :: String, issue_id :: String, row :: Map<String, String>) -> Int do
  if Map.get(row, "inserted") == "t" do
    fire_event_rules(ctx, project_id, "new_issue", "new_issue detected for issue " <> issue_id)
  else
    if Map.get(row, "prev_status") == "resolved" do fire_event_rules(ctx, project_id, "regression", "regression detected for issue " <> issue_id) else 0 end
  end
end

# Stream messages and alerts of an accepted event.
fn after_store(ctx :: Ctx, project_id :: String, issue_id :: String, row :: Map<String, String>, body :: String) -> Int do
  StreamManager.publish_event(stream_pid(ctx), project_id, Map.get(row, "level"), Map.get(row, "env"), event_message(project_id, issue_id, body))
  publish_issue_count(ctx, project_id)
  alerts_for(ctx, project_id, issue_id, row)
end

# {"type":"issue_count"} with the unresolved issues, when anyone listens.
pub fn publish_issue_count(ctx :: Ctx, project_id :: String) -> Int do
  if StreamManager.has_clients(stream_pid(ctx), project_id) do
    let r = Pool.query(ctx.pool, "SELECT $1::text AS project_id, json_build_object('type', 'issue_count', 'project_id', $1::text, 'count', count(*))::text AS j FROM issues WHERE project_id = $1::uuid AND status = 'unresolved'", [project_id])
    case r do
      Ok(rows) -> publish_rows(ctx, rows)
      Err(_) -> 0
    end
  else
    0
  end
end

# Publishes column j of each row to the project in column project_id.
pub fn publish_rows(ctx :: Ctx, rows :: List<Map<String, String>>) -> Int do
  List.length(List.map(rows, fn(row) do StreamManager.publish(stream_pid(ctx), Map.get(row, "project_id"), Map.get(row, "j")) end))
end
