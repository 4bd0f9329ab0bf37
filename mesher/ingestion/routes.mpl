# POST /api/v1/events and POST /api/v1/events/bulk (contract 3.2): count
# the request, authenticate (401), rate-limit per project (429), check the
# size (400), validate and process (400 on a bad event), answer 202.
# Sampling applies to both routes; bulk validates every element first, then
# processes them all in one set-based statement (Pipeline.process_batch),
# and counts as one request for the rate limit (as upstream).

from Api.Helpers import Ctx, error_resp, json_resp, db_error, limiter_pid, registry_pid
from Ingestion.Pipeline import request_key, authenticate, process_event, process_batch, validation_sql, reachable
from Services.RateLimiter import RateLimiter
from Services.Registry import PipelineRegistry
from Storage.Spool import spool_depth
from Storage.Errors import db_sqlstate, db_message

fn accepted() -> Response do
  json_resp(202, """{"status":"accepted"}""")
end

# Runs `then` with the project id and sampling verdict of an authenticated,
# not rate-limited request of at most max_size characters.
# Backpressure first: when the spool holds spool_max events the writer is
# behind (or the database away), so new events are refused with 503 and
# Retry-After instead of being queued without bound.
fn guarded(ctx :: Ctx, req :: Request, max_size :: Int, then :: Fun(String, String) -> Response) -> Response do
  PipelineRegistry.increment_event_count(registry_pid(ctx))
  if spool_depth(ctx.spool) >= ctx.spool_max do
    unavailable()
  else
    case authenticate(ctx.pool, request_key(req)) do
      Err(e) -> if e == "unauthorized" do error_resp(401, "unauthorized") else unavailable() end
      Ok(auth) -> within_limit(ctx, req, max_size, auth.project_id, auth.keep, then)
    end
  end
end

fn unavailable() -> Response do
  HTTP.response_with_headers(503, """{"error":"temporarily unavailable, retry later"}""", %{"Retry-After" => "1"})
end

# Whether an error means "the database or the spool is not available now"
# (so the client should retry) rather than "this request is bad".
fn is_unavailable(e :: String) -> Bool do
  let state = db_sqlstate(e)
  if state != "" do
    !(String.starts_with(state, "22") || String.starts_with(state, "23"))
  else
    String.starts_with(e, "database unavailable") || String.starts_with(e, "spool")
  end
end

# A failed event: 503 when the service is unavailable, else 400.
fn ingest_error(e :: String) -> Response do
  if is_unavailable(e) do unavailable() else error_resp(400, db_message(e)) end
end

fn within_limit(ctx :: Ctx, req :: Request, max_size :: Int, project_id :: String, keep :: String, then :: Fun(String, String) -> Response) -> Response do
  let wait = RateLimiter.check_limit(limiter_pid(ctx), project_id)
  if wait > 0 do
    HTTP.response_with_headers(429, """{"error":"rate limited"}""", %{"Retry-After" => String.from(wait)})
  else
    if String.length(Request.body(req)) > max_size do error_resp(400, "payload too large") else then(project_id, keep) end
  end
end

pub fn handle_event(ctx :: Ctx, req :: Request) -> Response do
  guarded(ctx, req, 1048576, fn(project_id, keep) do
    case process_event(ctx, project_id, keep, Request.body(req)) do
      Ok(_) -> accepted()
      Err(e) -> ingest_error(e)
    end
  end)
end

pub fn handle_bulk(ctx :: Ctx, req :: Request) -> Response do
  guarded(ctx, req, 5242880, fn(project_id, keep) do
    let body = Request.body(req)
    case check_bulk(ctx.pool, body) do
      Ok(_) -> bulk_result(process_batch(ctx, project_id, keep, body))
      Err(e) -> ingest_error(e)
    end
  end)
end

fn bulk_result(r :: Int!String) -> Response do
  case r do
    Ok(n) -> json_resp(202, """{"status":"accepted","accepted":""" <> String.from(n) <> "}")
    Err(e) -> if is_unavailable(e) do unavailable() else db_error(e) end
  end
end

# Checks that a bulk body is an array of at most 100 valid events (so that
# nothing is stored when one is bad).
fn check_bulk(pool :: PoolHandle, body :: String) -> Int!String do
  let elements = "jsonb_array_elements(CASE WHEN jsonb_typeof(b) = 'array' THEN b ELSE '[]'::jsonb END) WITH ORDINALITY AS a(j, n)"
  let first_error = "(SELECT 'event ' || (a.n - 1) || ': ' || " <> validation_sql("a.j") <> " FROM " <> elements <> " WHERE " <> validation_sql("a.j") <> " <> '' ORDER BY a.n LIMIT 1)"
  let sql = "SELECT jsonb_typeof(b) AS t, CASE WHEN jsonb_typeof(b) = 'array' THEN jsonb_array_length(b) ELSE 0 END AS n, COALESCE(" <> first_error <> ", '') AS err FROM (SELECT $1::jsonb AS b) AS s"
  let rows = reachable(Pool.query(pool, sql, [body]))?
  let row = List.head(rows)
  let n = case String.to_int(Map.get(row, "n")) do
    Some(k) -> k
    None -> 0
  end
  if Map.get(row, "t") != "array" do
    Err("bulk body must be a JSON array of events")
  else
    if n > 100 do Err("too many events in bulk request (max 100)") else if_valid(Map.get(row, "err"), n) end
  end
end

fn if_valid(err :: String, n :: Int) -> Int!String do
  if err == "" do Ok(n) else Err(err) end
end
