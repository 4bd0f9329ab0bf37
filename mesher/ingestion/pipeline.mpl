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
from Storage.Errors import db_sqlstate, db_message

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

# The project of an active key (no sampling verdict: the batch statements
# decide that per event). Err("unauthorized") for an unknown or revoked key.
pub fn key_project(pool :: PoolHandle, key :: String) -> String!String do
  let rows = Pool.query(pool, "SELECT project_id::text AS project_id FROM api_keys WHERE (key_value = $1 OR key_value = 'sha256:' || encode(sha256(convert_to($1, 'UTF8')), 'hex')) AND revoked_at IS NULL", [key])?
  if List.length(rows) > 0 do Ok(Map.get(List.head(rows), "project_id")) else Err("unauthorized") end
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
  # stays within the column's length limit and the btree's row size. The
  # fingerprint is computed once (OFFSET 0 keeps PostgreSQL from inlining
  # the subquery, which would evaluate it three times).
  "(SELECT CASE WHEN char_length(f) > 500 THEN 'md5:' || md5(f) ELSE f END FROM (SELECT " <> fp <> " AS f OFFSET 0) AS fpx)"
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

# Several bulk requests in one statement (Services.BulkIngestor): request
# r (1-based) is its project id in parameter 2r - 1 and its body in 2r, so
# each body is parsed once and a body can never spill into another request.
# Each request is checked (a JSON array of at most 100 valid events, else
# nothing of it is stored) and sampled (one verdict per request, from the
# project's sample_rate, as upstream) on its own; the elements of all of
# them are grouped by (project, fingerprint), so an issue hit by several
# concurrent requests is upserted once with the group's count (in key
# order: two statements lock shared issues in the same order). Rows: per
# request r, in order, one per element (req_head on the first, or a lone
# row for a refused or empty request) with req_err (why it was refused),
# req_stored (its events stored) and the columns process_sql gives, is_first
# marking the first element of its group.
fn request_values_sql(requests :: Int, r :: Int) -> String do
  let one = "(" <> String.from(r) <> ", $" <> String.from(2 * r - 1) <> "::uuid, $" <> String.from(2 * r) <> "::jsonb)"
  if r >= requests do one else one <> ", " <> request_values_sql(requests, r + 1) end
end

pub fn multi_bulk_sql(requests :: Int) -> String do
  let src = "src AS (SELECT * FROM (VALUES " <> request_values_sql(requests, 1) <> ") AS v(r, pid, b))"
  let arr = "CASE WHEN jsonb_typeof(s.b) = 'array' THEN s.b ELSE '[]'::jsonb END"
  let first_error = "(SELECT 'event ' || (a.n - 1) || ': ' || " <> validation_sql("a.j") <> " FROM jsonb_array_elements(" <> arr <> ") WITH ORDINALITY AS a(j, n) WHERE " <> validation_sql("a.j") <> " <> '' ORDER BY a.n LIMIT 1)"
  let chk = "chk AS (SELECT s.r, s.pid, s.b, CASE WHEN jsonb_typeof(s.b) <> 'array' THEN 'bulk body must be a JSON array of events' WHEN jsonb_array_length(" <> arr <> ") > 100 THEN 'too many events in bulk request (max 100)' ELSE COALESCE(" <> first_error <> ", '') END AS err, COALESCE((SELECT random() < p.sample_rate FROM projects p WHERE p.id = s.pid), false) AS keep FROM src s)"
  let els = "els AS (SELECT c.r, c.pid, c.keep, a.n, c.r * 1000 + a.n AS k, a.j, " <> fingerprint_sql() <> " AS fp FROM chk c, jsonb_array_elements(CASE WHEN c.err = '' AND jsonb_typeof(c.b) = 'array' THEN c.b ELSE '[]'::jsonb END) WITH ORDINALITY AS a(j, n))"
  let grp = "grp AS (SELECT pid, fp, count(*)::int AS c, min(k) AS first_k FROM els WHERE keep GROUP BY pid, fp)"
  let prev = "prev AS (SELECT i.project_id AS pid, i.fingerprint, i.status FROM issues i JOIN grp g ON i.project_id = g.pid AND i.fingerprint = g.fp)"
  let up = "up AS (INSERT INTO issues (project_id, fingerprint, title, level, event_count) SELECT g.pid, g.fp, e.j->>'message', COALESCE(e.j->>'level', 'error'), g.c FROM grp g JOIN els e ON e.k = g.first_k WHERE NOT EXISTS (SELECT 1 FROM prev p WHERE p.pid = g.pid AND p.fingerprint = g.fp AND p.status = 'discarded') ORDER BY g.pid, g.fp ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + EXCLUDED.event_count, last_seen = now(), status = CASE WHEN issues.status = 'resolved' THEN 'unresolved' ELSE issues.status END RETURNING id, project_id, fingerprint, (xmax = 0) AS inserted)"
  let cols = "e.r, e.n, e.j::text AS body, e.fp, " <> event_id_sql("e.j") <> " AS event_id, COALESCE(up.id::text, '') AS issue_id, COALESCE(up.inserted, false) AS inserted, COALESCE(p.status, '') AS prev_status, COALESCE(e.k = g.first_k, false) AS is_first, clock_timestamp()::text AS t, COALESCE(e.j->>'level', 'error') AS level, COALESCE(e.j->'tags'->>'environment', '') AS env"
  let rows = "(SELECT " <> cols <> " FROM els e LEFT JOIN grp g ON g.pid = e.pid AND g.fp = e.fp LEFT JOIN up ON up.project_id = e.pid AND up.fingerprint = e.fp LEFT JOIN prev p ON p.pid = e.pid AND p.fingerprint = e.fp) AS x"
  let out = "c.r, c.pid::text AS pid, c.err AS req_err, COALESCE(x.n, 1) = 1 AS req_head, count(*) FILTER (WHERE x.issue_id <> '') OVER (PARTITION BY c.r) AS req_stored, x.body, x.fp, x.event_id, x.issue_id, x.inserted, x.prev_status, x.is_first, x.t, x.level, x.env"
  "WITH " <> src <> ", " <> chk <> ", " <> els <> ", " <> grp <> ", " <> prev <> ", " <> up <> " SELECT " <> out <> " FROM chk c LEFT JOIN " <> rows <> " ON x.r = c.r ORDER BY c.r, x.n"
end

# Runs several bulk requests (Services.BulkIngestor) in one statement and
# one spool transaction, then answers each waiter: "A<n>" accepted with n
# events stored (0 when sampled out; discarded issues drop theirs),
# "B<reason>" refused (400), "U<reason>" unavailable (503).
pub fn run_bulk_batch(ctx :: Ctx, items :: List<Pending>) -> Int do
  let params = List.flat_map(items, fn(it) do [it.project_id, it.body] end)
  case reachable(Pool.query(ctx.pool, multi_bulk_sql(List.length(items)), params)) do
    Ok(rows) -> finish_bulk(ctx, items, rows)
    Err(e) -> bulk_failed(ctx, items, e)
  end
end

# A body PostgreSQL does not take as JSON fails the whole statement: then
# each request runs alone, so that only the bad one gets 400.
fn bulk_failed(ctx :: Ctx, items :: List<Pending>, e :: String) -> Int do
  if is_unavailable(e) do
    reply_all(items, "U" <> e)
  else
    if List.length(items) == 1 do reply_all(items, "B" <> db_message(e)) else List.length(List.map(items, fn(it) do run_bulk_batch(ctx, [it]) end)) end
  end
end

fn bulk_entry(row :: Map<String, String>) -> String do
  entry_of(Map.get(row, "pid"), Map.get(row, "issue_id"), row, Map.get(row, "body"))
end

# Spools the stored events of every request in one transaction; alerts
# fire before the answers (a client that saw 202 finds its alert).
fn finish_bulk(ctx :: Ctx, items :: List<Pending>, rows :: List<Map<String, String>>) -> Int do
  let heads = List.filter(rows, fn(row) do Map.get(row, "req_head") == "t" end)
  let stored = List.filter(rows, fn(row) do Map.get(row, "issue_id") != "" end)
  let spool = if List.length(stored) > 0 do spool_append_all(ctx.spool, List.map(stored, fn(row) do bulk_entry(row) end)) else Ok(0) end
  let failed = case spool do
    Ok(_) -> ""
    Err(e) -> "spool: " <> e
  end
  if failed == "" do bulk_alerts(ctx, stored) else 0 end
  let _ = List.map(List.zip(items, heads), fn(pair) do answer_bulk(pair, failed) end)
  if failed == "" && List.length(stored) > 0 do
    StorageWriter.kick(writer_pid(ctx))
    stream_stored(ctx, stored)
  else
    0
  end
end

fn bulk_alerts(ctx :: Ctx, stored :: List<Map<String, String>>) -> Int do
  List.length(List.map(stored, fn(row) do if Map.get(row, "is_first") == "t" do alerts_for(ctx, Map.get(row, "pid"), Map.get(row, "issue_id"), row) else 0 end end))
end

fn answer_bulk(pair :: (Pending, Map<String, String>), failed :: String) -> Int do
  case pair do
    (it, head) -> send_answer(it.waiter, bulk_answer_text(head, failed))
  end
end

fn send_answer(waiter :: Pid<String>, answer :: String) -> Int do
  send(waiter, answer)
  0
end

fn bulk_answer_text(head :: Map<String, String>, failed :: String) -> String do
  let err = Map.get(head, "req_err")
  if err != "" do
    "B" <> err
  else
    if failed != "" do "U" <> failed else "A" <> Map.get(head, "req_stored") end
  end
end

# Stream messages of stored rows (column pid) and the new issue counts,
# for the projects someone listens to (asked once per project).
fn stream_stored(ctx :: Ctx, stored :: List<Map<String, String>>) -> Int do
  let projects = List.reduce(stored, Map.new(), fn(acc, row) do Map.put(acc, Map.get(row, "pid"), 1) end)
  let listened = List.filter(Map.keys(projects), fn(p) do StreamManager.has_clients(stream_pid(ctx), p) end)
  if List.length(listened) > 0 do
    let _ = List.map(List.filter(stored, fn(row) do List.contains(listened, Map.get(row, "pid")) end), fn(row) do publish_stored(ctx, Map.get(row, "pid"), row, Map.get(row, "body")) end)
    List.length(List.map(listened, fn(p) do issue_count_now(ctx, p) end))
  else
    0
  end
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
  if StreamManager.has_clients(stream_pid(ctx), project_id) do issue_count_now(ctx, project_id) else 0 end
end

fn issue_count_now(ctx :: Ctx, project_id :: String) -> Int do
  let r = Pool.query(ctx.pool, "SELECT $1::text AS project_id, json_build_object('type', 'issue_count', 'project_id', $1::text, 'count', count(*))::text AS j FROM issues WHERE project_id = $1::uuid AND status = 'unresolved'", [project_id])
  case r do
    Ok(rows) -> publish_rows(ctx, rows)
    Err(_) -> 0
  end
end

# Publishes column j of each row to the project in column project_id.
pub fn publish_rows(ctx :: Ctx, rows :: List<Map<String, String>>) -> Int do
  List.length(List.map(rows, fn(row) do StreamManager.publish(stream_pid(ctx), Map.get(row, "project_id"), Map.get(row, "j")) end))
end

# --- Single events in batches (group commit) ---
#
# Each POST /api/v1/events hands its event to the Ingestor service
# (Services.Ingestor) and waits for the answer. The Ingestor takes every
# event that arrived while it was busy with the previous batch and runs
# them through the pipeline together: ONE statement for all of them (the
# same validation, fingerprint and grouping as process_sql, the issue of a
# (project, fingerprint) upserted once with the group's count), ONE SQLite
# transaction appending the accepted ones to the spool, and only then the
# answers. Per event that is a fraction of a database round trip instead of
# two, and each answer still comes after its event is durable in the spool.

pub struct Pending do
  project_id :: String
  body :: String
  waiter :: Pid<String>
end

# What a waiter is told: "A" accepted (stored, or dropped by sampling or a
# discarded issue), "U<reason>" unavailable (503), "B<message>" bad event (400).
fn reply_all(items :: List<Pending>, answer :: String) -> Int do
  List.length(List.map(items, fn(it) do send(it.waiter, answer) end))
end

# $1 a JSON array of {"p": project id, "b": event JSON text}. One row per
# element, in order, with the columns of process_sql plus is_first (the
# first element of its (project, fingerprint) group). Sampling is decided
# here per element from the project's sample_rate.
fn mixed_batch_sql() -> String do
  let raw = "raw AS (SELECT a.n, (a.x->>'p')::uuid AS pid, (a.x->>'b')::jsonb AS j FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(x, n))"
  let els = "els AS (SELECT r.n, r.pid, r.j, " <> validation_sql("r.j") <> " AS err, " <> fingerprint_sql() <> " AS fp, COALESCE(random() < pr.sample_rate, false) AS keep FROM raw r LEFT JOIN projects pr ON pr.id = r.pid)"
  let grp = "grp AS (SELECT pid, fp, count(*)::int AS c, min(n) AS first_n FROM els WHERE err = '' AND keep GROUP BY pid, fp)"
  let prev = "prev AS (SELECT i.project_id AS pid, i.fingerprint, i.status FROM issues i JOIN grp g ON i.project_id = g.pid AND i.fingerprint = g.fp)"
  let up = "up AS (INSERT INTO issues (project_id, fingerprint, title, level, event_count) SELECT g.pid, g.fp, e.j->>'message', COALESCE(e.j->>'level', 'error'), g.c FROM grp g JOIN els e ON e.n = g.first_n WHERE NOT EXISTS (SELECT 1 FROM prev p WHERE p.pid = g.pid AND p.fingerprint = g.fp AND p.status = 'discarded') ORDER BY g.pid, g.fp ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + EXCLUDED.event_count, last_seen = now(), status = CASE WHEN issues.status = 'resolved' THEN 'unresolved' ELSE issues.status END RETURNING id, project_id, fingerprint, (xmax = 0) AS inserted)"
  let cols = "e.err, COALESCE(e.fp, '') AS fp, CASE WHEN e.err = '' THEN " <> event_id_sql("e.j") <> " ELSE '' END AS event_id, CASE WHEN e.err = '' AND e.keep THEN COALESCE(up.id::text, '') ELSE '' END AS issue_id, COALESCE(up.inserted, false) AS inserted, COALESCE(p.status, '') AS prev_status, COALESCE(e.n = g.first_n, false) AS is_first, clock_timestamp()::text AS t, COALESCE(e.j->>'level', 'error') AS level, COALESCE(e.j->'tags'->>'environment', '') AS env"
  "WITH " <> raw <> ", " <> els <> ", " <> grp <> ", " <> prev <> ", " <> up <> " SELECT " <> cols <> " FROM els e LEFT JOIN grp g ON g.pid = e.pid AND g.fp = e.fp LEFT JOIN up ON up.project_id = e.pid AND up.fingerprint = e.fp LEFT JOIN prev p ON p.pid = e.pid AND p.fingerprint = e.fp ORDER BY e.n"
end

fn batch_param(items :: List<Pending>) -> String do
  "[" <> String.join(List.map(items, fn(it) do """{"p":""" <> JSON.encode_string(it.project_id) <> ""","b":""" <> JSON.encode_string(it.body) <> "}" end), ",") <> "]"
end

# Whether an error means "the database or the spool is not available now"
# (so the client should retry) rather than "this request is bad".
pub fn is_unavailable(e :: String) -> Bool do
  let state = db_sqlstate(e)
  if state != "" do
    !(String.starts_with(state, "22") || String.starts_with(state, "23"))
  else
    String.starts_with(e, "database unavailable") || String.starts_with(e, "spool")
  end
end

# Runs a batch and answers every waiter; the number of events.
pub fn run_batch(ctx :: Ctx, items :: List<Pending>) -> Int do
  case reachable(Pool.query(ctx.pool, mixed_batch_sql(), [batch_param(items)])) do
    Ok(rows) -> finish_batch(ctx, List.zip(items, rows))
    Err(e) -> batch_failed(ctx, items, e)
  end
end

# A bad event (e.g. text PostgreSQL does not take as JSON) fails the whole
# statement: then each event runs alone, so that only the bad one gets 400.
fn batch_failed(ctx :: Ctx, items :: List<Pending>, e :: String) -> Int do
  if is_unavailable(e) do
    reply_all(items, "U" <> e)
  else
    if List.length(items) == 1 do reply_all(items, "B" <> db_message(e)) else List.length(List.map(items, fn(it) do run_batch(ctx, [it]) end)) end
  end
end

fn is_stored(pair :: (Pending, Map<String, String>)) -> Bool do
  case pair do
    (_, row) -> Map.get(row, "issue_id") != ""
  end
end

fn pair_entry(pair :: (Pending, Map<String, String>)) -> String do
  case pair do
    (it, row) -> entry_of(it.project_id, Map.get(row, "issue_id"), row, it.body)
  end
end

# Spools the accepted events in one transaction, answers every waiter,
# then tells the writer, the stream clients and the alert rules.
fn finish_batch(ctx :: Ctx, pairs :: List<(Pending, Map<String, String>)>) -> Int do
  let stored = List.filter(pairs, fn(pair) do is_stored(pair) end)
  let spool = if List.length(stored) > 0 do spool_append_all(ctx.spool, List.map(stored, fn(pair) do pair_entry(pair) end)) else Ok(0) end
  let durable = case spool do
    Ok(_) -> "A"
    Err(e) -> "Uspool: " <> e
  end
  case spool do
    Ok(_) -> batch_alerts(ctx, stored)
    Err(_) -> 0
  end
  let _ = List.map(pairs, fn(pair) do answer(pair, durable) end)
  case spool do
    Ok(_) -> after_batch_stored(ctx, stored)
    Err(_) -> 0
  end
end

# Alerts fire before the answers (a client that saw 202 finds its alert).
fn batch_alerts(ctx :: Ctx, stored :: List<(Pending, Map<String, String>)>) -> Int do
  List.length(List.map(stored, fn(pair) do pair_alerts(ctx, pair) end))
end

fn pair_alerts(ctx :: Ctx, pair :: (Pending, Map<String, String>)) -> Int do
  case pair do
    (it, row) -> if Map.get(row, "is_first") == "t" do alerts_for(ctx, it.project_id, Map.get(row, "issue_id"), row) else 0 end
  end
end

fn answer(pair :: (Pending, Map<String, String>), durable :: String) -> Int do
  case pair do
    (it, row) -> answer_to(it.waiter, row, durable)
  end
end

fn answer_to(waiter :: Pid<String>, row :: Map<String, String>, durable :: String) -> Int do
  send(waiter, answer_text(row, durable))
  0
end

fn answer_text(row :: Map<String, String>, durable :: String) -> String do
  let err = Map.get(row, "err")
  if err != "" do
    "B" <> err
  else
    if Map.get(row, "issue_id") == "" do "A" else durable end
  end
end

# The writer is told, and the stream clients of each project that has
# any (asked once per project) get the events and the new issue count.
fn after_batch_stored(ctx :: Ctx, stored :: List<(Pending, Map<String, String>)>) -> Int do
  if List.length(stored) > 0 do StorageWriter.kick(writer_pid(ctx)) end
  let projects = List.reduce(stored, Map.new(), fn(acc, pair) do with_project_of(acc, pair) end)
  let listened = List.filter(Map.keys(projects), fn(p) do StreamManager.has_clients(stream_pid(ctx), p) end)
  if List.length(listened) > 0 do
    let _ = List.map(stored, fn(pair) do stream_event(ctx, listened, pair) end)
    List.length(List.map(listened, fn(p) do issue_count_now(ctx, p) end))
  else
    0
  end
end

fn with_project_of(projects :: Map<String, Int>, pair :: (Pending, Map<String, String>)) -> Map<String, Int> do
  case pair do
    (it, _) -> Map.put(projects, it.project_id, 1)
  end
end

fn stream_event(ctx :: Ctx, listened :: List<String>, pair :: (Pending, Map<String, String>)) -> Int do
  case pair do
    (it, row) -> if List.contains(listened, it.project_id) do publish_stored(ctx, it.project_id, row, it.body) else 0 end
  end
end

fn publish_stored(ctx :: Ctx, project_id :: String, row :: Map<String, String>, body :: String) -> Int do
  StreamManager.publish_event(stream_pid(ctx), project_id, Map.get(row, "level"), Map.get(row, "env"), event_message(project_id, Map.get(row, "issue_id"), body))
  1
end
