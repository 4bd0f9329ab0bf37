# POST /api/v1/events and POST /api/v1/events/bulk (contract 3.2): count
# the request, authenticate (401), rate-limit per project (429), check the
# size (400), validate and process (400 on a bad event), answer 202.
# Sampling applies to both routes; bulk processes each element like a
# single event and counts as one request for the rate limit (as upstream).

from Api.Helpers import Ctx, error_resp, json_resp, db_error
from Ingestion.Pipeline import request_key, authenticate, process_event, validation_sql
from Services.RateLimiter import RateLimiter
from Services.Registry import PipelineRegistry

fn accepted() -> Response do
  json_resp(202, """{"status":"accepted"}""")
end

# Runs `then` with the project id and sampling verdict of an authenticated,
# not rate-limited request of at most max_size characters.
fn guarded(ctx :: Ctx, req :: Request, max_size :: Int, then :: Fun(String, String) -> Response) -> Response do
  PipelineRegistry.increment_event_count(ctx.registry)
  case authenticate(ctx.pool, request_key(req)) do
    Err(_) -> error_resp(401, "unauthorized")
    Ok(auth) -> within_limit(ctx, req, max_size, auth.project_id, auth.keep, then)
  end
end

fn within_limit(ctx :: Ctx, req :: Request, max_size :: Int, project_id :: String, keep :: String, then :: Fun(String, String) -> Response) -> Response do
  let wait = RateLimiter.check_limit(ctx.limiter, project_id)
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
      Err(e) -> error_resp(400, e)
    end
  end)
end

pub fn handle_bulk(ctx :: Ctx, req :: Request) -> Response do
  guarded(ctx, req, 5242880, fn(project_id, keep) do
    case bulk_elements(ctx.pool, Request.body(req)) do
      Ok(events) -> process_all(ctx, project_id, keep, events)
      Err(e) -> error_resp(400, e)
    end
  end)
end

fn process_all(ctx :: Ctx, project_id :: String, keep :: String, events :: List<String>) -> Response do
  let stored = List.map(events, fn(e) do
    case process_event(ctx, project_id, keep, e) do
      Ok(id) -> if id == "" do 0 else 1 end
      Err(_) -> 0
    end
  end)
  let n = List.reduce(stored, 0, fn(acc, x) do acc + x end)
  json_resp(202, """{"status":"accepted","accepted":""" <> String.from(n) <> "}")
end

# The elements (as JSON text) of a bulk body, after checking it is an array
# of at most 100 valid events (so nothing is stored when one is bad).
fn bulk_elements(pool :: PoolHandle, body :: String) -> List<String>!String do
  let sql = "SELECT jsonb_typeof(b) AS t, CASE WHEN jsonb_typeof(b) = 'array' THEN jsonb_array_length(b) ELSE 0 END AS n, COALESCE((SELECT 'event ' || (a.n - 1) || ': ' || " <> validation_sql("a.j") <> " FROM jsonb_array_elements(CASE WHEN jsonb_typeof(b) = 'array' THEN b ELSE '[]'::jsonb END) WITH ORDINALITY AS a(j, n) WHERE " <> validation_sql("a.j") <> " <> '' ORDER BY a.n LIMIT 1), '') AS err, COALESCE((SELECT json_agg(x.j::text ORDER BY x.n) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(b) = 'array' THEN b ELSE '[]'::jsonb END) WITH ORDINALITY AS x(j, n)), '[]')::text AS items FROM (SELECT $1::jsonb AS b) AS s"
  let rows = Pool.query(pool, sql, [body])?
  let row = List.head(rows)
  let n = case String.to_int(Map.get(row, "n")) do
    Some(k) -> k
    None -> 0
  end
  if Map.get(row, "t") != "array" do
    Err("bulk body must be a JSON array of events")
  else
    if n > 100 do Err("too many events in bulk request (max 100)") else bulk_checked(pool, Map.get(row, "err"), Map.get(row, "items")) end
  end
end

fn bulk_checked(pool :: PoolHandle, err :: String, items :: String) -> List<String>!String do
  if err != "" do
    Err(err)
  else
    let rows = Pool.query(pool, "SELECT value AS e FROM json_array_elements_text($1::json) WITH ORDINALITY AS a(value, n) ORDER BY n", [items])?
    Ok(List.map(rows, fn(row) do Map.get(row, "e") end))
  end
end
