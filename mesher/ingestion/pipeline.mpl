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

# --- Events in batches (group commit) ---
#
# Each POST /api/v1/events and /events/bulk hands its body to the Ingestor
# service (Services.Ingestor) and waits for the answer. The Ingestor takes
# every request that arrived while it was busy with the previous batch and
# runs them through the pipeline together: ONE statement for all of them
# (the same validation, fingerprint and grouping as process_sql, the issue
# of a (project, fingerprint) upserted once with the whole batch's count),
# ONE SQLite statement appending the accepted events to the spool, and
# only then the answers. Per event that is a fraction of a database round
# trip instead of two, and each answer still comes after its events are
# durable in the spool. A bulk request stays all or nothing (one invalid
# element refuses it) with one sampling verdict, as upstream.

pub struct Pending do
  project_id :: String
  kind :: String
  body :: String
  waiter :: Pid<String>
end

# What a waiter is told: "A" accepted (single event: stored, or dropped by
# sampling or a discarded issue), "A<n>" a bulk request with n events
# stored, "U<reason>" unavailable (503), "B<message>" refused (400).
fn reply_all(items :: List<Pending>, answer :: String) -> Int do
  List.length(List.map(items, fn(it) do send(it.waiter, answer) end))
end

# The refusal of a bulk body j ('' when it is an array of at most 100
# valid events).
fn bulk_check_sql(j :: String) -> String do
  let arr = "CASE WHEN jsonb_typeof(" <> j <> ") = 'array' THEN " <> j <> " ELSE '[]'::jsonb END"
  let first_error = "(SELECT 'event ' || (a.n - 1) || ': ' || " <> validation_sql("a.j") <> " FROM jsonb_array_elements(" <> arr <> ") WITH ORDINALITY AS a(j, n) WHERE " <> validation_sql("a.j") <> " <> '' ORDER BY a.n LIMIT 1)"
  "CASE WHEN jsonb_typeof(" <> j <> ") <> 'array' THEN 'bulk body must be a JSON array of events' WHEN jsonb_array_length(" <> arr <> ") > 100 THEN 'too many events in bulk request (max 100)' ELSE COALESCE(" <> first_error <> ", '') END"
end

# $1 a JSON array of requests {"p": project id, "k": "event" or "bulk",
# "b": the body}. Rows of two kinds (column what): 'e', one per event of
# the batch with the columns of process_sql plus r (its request, 1-based),
# is_first (the first event of its (project, fingerprint) group) and body
# (a bulk element's JSON; '' for a single event, whose request has it);
# then 'r', one per request, with its answer. Sampling: one verdict per
# request from the project's sample_rate.
fn mixed_batch_sql() -> String do
  let raw = "raw AS (SELECT a.n AS r, (a.x->>'p')::uuid AS pid, a.x->>'k' AS kind, (a.x->>'b')::jsonb AS b FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(x, n))"
  let req = "req AS MATERIALIZED (SELECT w.r, w.pid, w.kind, w.b, COALESCE(random() < pr.sample_rate, false) AS keep, CASE WHEN w.kind = 'bulk' THEN " <> bulk_check_sql("w.b") <> " ELSE '' END AS req_err FROM raw w LEFT JOIN projects pr ON pr.id = w.pid)"
  let cols = "q.pid, q.kind, q.keep, e.j, " <> validation_sql("e.j") <> " AS err, " <> fingerprint_sql() <> " AS fp"
  let one = "SELECT q.r, 1::bigint AS n, q.r * 1000 + 1 AS k, " <> cols <> " FROM req q, LATERAL (SELECT q.b AS j) AS e WHERE q.kind <> 'bulk'"
  let many = "SELECT q.r, e.n, q.r * 1000 + e.n AS k, " <> cols <> " FROM req q, LATERAL jsonb_array_elements(q.b) WITH ORDINALITY AS e(j, n) WHERE q.kind = 'bulk' AND q.req_err = ''"
  let els = "els AS (" <> one <> " UNION ALL " <> many <> ")"
  let grp = "grp AS (SELECT pid, fp, count(*)::int AS c, min(k) AS first_k FROM els WHERE err = '' AND keep GROUP BY pid, fp)"
  let prev = "prev AS (SELECT i.project_id AS pid, i.fingerprint, i.status FROM issues i JOIN grp g ON i.project_id = g.pid AND i.fingerprint = g.fp)"
  let up = "up AS (INSERT INTO issues (project_id, fingerprint, title, level, event_count) SELECT g.pid, g.fp, e.j->>'message', COALESCE(e.j->>'level', 'error'), g.c FROM grp g JOIN els e ON e.k = g.first_k WHERE NOT EXISTS (SELECT 1 FROM prev p WHERE p.pid = g.pid AND p.fingerprint = g.fp AND p.status = 'discarded') ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + EXCLUDED.event_count, last_seen = now(), status = CASE WHEN issues.status = 'resolved' THEN 'unresolved' ELSE issues.status END RETURNING id, project_id, fingerprint, (xmax = 0) AS inserted)"
  let out = "e.r, e.k, e.err, COALESCE(e.fp, '') AS fp, CASE WHEN e.err = '' THEN " <> event_id_sql("e.j") <> " ELSE '' END AS event_id, CASE WHEN e.err = '' AND e.keep THEN COALESCE(up.id::text, '') ELSE '' END AS issue_id, COALESCE(up.inserted, false) AS inserted, COALESCE(p.status, '') AS prev_status, COALESCE(e.k = g.first_k, false) AS is_first, clock_timestamp()::text AS t, COALESCE(e.j->>'level', 'error') AS level, COALESCE(e.j->'tags'->>'environment', '') AS env, CASE WHEN e.kind = 'bulk' THEN e.j::text ELSE '' END AS body"
  let res = "res AS (SELECT " <> out <> " FROM els e LEFT JOIN grp g ON g.pid = e.pid AND g.fp = e.fp LEFT JOIN up ON up.project_id = e.pid AND up.fingerprint = e.fp LEFT JOIN prev p ON p.pid = e.pid AND p.fingerprint = e.fp)"
  let per_req = "per_req AS (SELECT r, count(*) FILTER (WHERE issue_id <> '') AS stored, max(err) AS err FROM res GROUP BY r)"
  let answer = "CASE WHEN q.kind = 'bulk' THEN (CASE WHEN q.req_err <> '' THEN 'B' || q.req_err ELSE 'A' || COALESCE(c.stored, 0) END) WHEN COALESCE(c.err, '') <> '' THEN 'B' || c.err ELSE 'A' END"
  let events = "SELECT 'e' AS what, x.r, x.k, x.err, x.fp, x.event_id, x.issue_id, x.inserted, x.prev_status, x.is_first, x.t, x.level, x.env, x.body, '' AS answer FROM res x"
  let answers = "SELECT 'r', q.r, 0, '', '', '', '', false, '', false, '', '', '', '', " <> answer <> " FROM req q LEFT JOIN per_req c ON c.r = q.r"
  "WITH " <> raw <> ", " <> req <> ", " <> els <> ", " <> grp <> ", " <> prev <> ", " <> up <> ", " <> res <> ", " <> per_req <> " " <> events <> " UNION ALL " <> answers <> " ORDER BY 1, 2, 3"
end

fn batch_param(items :: List<Pending>) -> String do
  "[" <> String.join(List.map(items, fn(it) do """{"p":""" <> JSON.encode_string(it.project_id) <> ""","k":""" <> JSON.encode_string(it.kind) <> ""","b":""" <> JSON.encode_string(it.body) <> "}" end), ",") <> "]"
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

# Runs a batch and answers every waiter; the number of requests.
pub fn run_batch(ctx :: Ctx, items :: List<Pending>) -> Int do
  case reachable(Pool.query(ctx.pool, mixed_batch_sql(), [batch_param(items)])) do
    Ok(rows) -> finish_batch(ctx, items, rows)
    Err(e) -> batch_failed(ctx, items, e)
  end
end

# A bad request (e.g. text PostgreSQL does not take as JSON) fails the whole
# statement: then each request runs alone, so that only the bad one gets 400.
fn batch_failed(ctx :: Ctx, items :: List<Pending>, e :: String) -> Int do
  if is_unavailable(e) do
    reply_all(items, "U" <> e)
  else
    if List.length(items) == 1 do reply_all(items, "B" <> db_message(e)) else List.length(List.map(items, fn(it) do run_batch(ctx, [it]) end)) end
  end
end

# The request of an event row.
fn item_of(items :: List<Pending>, row :: Map<String, String>) -> Pending do
  case String.to_int(Map.get(row, "r")) do
    Some(r) -> List.get(items, r - 1)
    None -> List.head(items)
  end
end

# The spool entry of a stored event: a bulk element's JSON from its row, a
# single event's as its request sent it.
fn row_entry(items :: List<Pending>, row :: Map<String, String>) -> String do
  let it = item_of(items, row)
  entry_of(it.project_id, Map.get(row, "issue_id"), row, event_body(it, row))
end

fn event_body(it :: Pending, row :: Map<String, String>) -> String do
  if it.kind == "bulk" do Map.get(row, "body") else it.body end
end

# Spools the accepted events in one statement, fires alerts, answers every
# waiter, then tells the writer and the stream clients.
fn finish_batch(ctx :: Ctx, items :: List<Pending>, rows :: List<Map<String, String>>) -> Int do
  let stored = List.filter(rows, fn(row) do Map.get(row, "what") == "e" && Map.get(row, "issue_id") != "" end)
  let spool = if List.length(stored) > 0 do spool_append_all(ctx.spool, List.map(stored, fn(row) do row_entry(items, row) end)) else Ok(0) end
  case spool do
    Ok(_) -> batch_alerts(ctx, items, stored)
    Err(_) -> 0
  end
  let answers = List.filter(rows, fn(row) do Map.get(row, "what") == "r" end)
  let _ = List.map(answers, fn(row) do answer(items, row, spool) end)
  case spool do
    Ok(_) -> after_batch_stored(ctx, items, stored)
    Err(_) -> 0
  end
end

# A request's answer; "U" for every accepted one when the spool refused
# the batch (nothing of it is acknowledged).
fn answer(items :: List<Pending>, row :: Map<String, String>, spool :: Int!String) -> Int do
  let text = Map.get(row, "answer")
  let final = case spool do
    Ok(_) -> text
    Err(e) -> if String.starts_with(text, "A") do "Uspool: " <> e else text end
  end
  send(item_of(items, row).waiter, final)
  0
end

# Alerts fire before the answers (a client that saw 202 finds its alert).
fn batch_alerts(ctx :: Ctx, items :: List<Pending>, stored :: List<Map<String, String>>) -> Int do
  List.length(List.map(stored, fn(row) do if Map.get(row, "is_first") == "t" do alerts_for(ctx, item_of(items, row).project_id, Map.get(row, "issue_id"), row) else 0 end end))
end

# The writer is told, and the stream clients of each project that has
# any (asked once per project) get the events and the new issue count.
fn after_batch_stored(ctx :: Ctx, items :: List<Pending>, stored :: List<Map<String, String>>) -> Int do
  if List.length(stored) > 0 do StorageWriter.kick(writer_pid(ctx)) end
  let projects = List.reduce(stored, Map.new(), fn(acc, row) do Map.put(acc, item_of(items, row).project_id, 1) end)
  let listened = List.filter(Map.keys(projects), fn(p) do StreamManager.has_clients(stream_pid(ctx), p) end)
  if List.length(listened) > 0 do
    let _ = List.map(stored, fn(row) do stream_event(ctx, listened, item_of(items, row), row) end)
    List.length(List.map(listened, fn(p) do issue_count_now(ctx, p) end))
  else
    0
  end
end

fn stream_event(ctx :: Ctx, listened :: List<String>, it :: Pending, row :: Map<String, String>) -> Int do
  if List.contains(listened, it.project_id) do
    StreamManager.publish_event(stream_pid(ctx), it.project_id, Map.get(row, "level"), Map.get(row, "env"), event_message(it.project_id, Map.get(row, "issue_id"), event_body(it, row)))
    1
  else
    0
  end
end
