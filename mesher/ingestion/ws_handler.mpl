# The WebSocket server (contract 5). A path containing /stream/projects/<id>
# (also behind the dashboard proxy, /ws/stream/projects/<id>) is a
# dashboard stream of that project, resolved like HTTP's :project_id
# (unknown, or a missing admin token when one is configured → closed with
# 1008); frames it sends are subscription updates.
# Any other path is SDK ingestion: the API key of the x-sentry-auth or
# authorization header must be active (else 1008), and each frame is one
# event run through the same pipeline as POST /api/v1/events.

from Api.Helpers import Ctx, is_uuid, stream_pid, limiter_pid, registry_pid
from Storage.Spool import spool_depth
from Config import admin_token
from Ingestion.Pipeline import extract_key, authenticate, process_event
from Services.StreamManager import StreamManager
from Services.RateLimiter import RateLimiter
from Services.Registry import PipelineRegistry

# The segment after `projects` of a stream path, without a query string.
fn stream_target(path :: String) -> String do
  let clean = List.head(String.split(path, "?"))
  let parts = String.split(clean, "/projects/")
  if List.length(parts) >= 2 do List.head(String.split(List.get(parts, 1), "/")) else "" end
end

fn project_uuid(pool :: PoolHandle, raw :: String) -> String do
  if String.length(raw) == 36 do
    if is_uuid(raw) do raw else "" end
  else
    case Pool.query(pool, "SELECT id::text AS id FROM projects WHERE slug = $1", [raw]) do
      Ok(rows) -> if List.length(rows) > 0 do Map.get(List.head(rows), "id") else "" end
      Err(_) -> ""
    end
  end
end

fn header_key(headers :: Map<String, String>) -> String do
  if Map.has_key(headers, "x-sentry-auth") do
    extract_key(Map.get(headers, "x-sentry-auth"))
  else
    if Map.has_key(headers, "authorization") do extract_key(Map.get(headers, "authorization")) else "" end
  end
end

# With MESHER_ADMIN_TOKEN set, a stream needs it as `Authorization: Bearer
# <token>` or, for browsers (which cannot set headers), `?token=<token>`.
fn stream_allowed(path :: String, headers :: Map<String, String>) -> Bool do
  let token = admin_token()
  if token == "" do
    true
  else
    let header = if Map.has_key(headers, "authorization") do String.trim(Map.get(headers, "authorization")) else "" end
    let query = List.drop(String.split(path, "?"), 1)
    header == "Bearer " <> token || List.any(query, fn(q) do List.contains(String.split(q, "&"), "token=" <> token) end)
  end
end

pub fn on_connect(ctx :: Ctx, conn :: Int, path :: String, headers :: Map<String, String>) -> Int do
  if String.contains(path, "/stream/projects/") do
    let project_id = if stream_allowed(path, headers) do project_uuid(ctx.pool, stream_target(path)) else "" end
    if project_id == "" do
      0
    else
      StreamManager.register_client(stream_pid(ctx), conn, "stream", project_id, "", "")
      conn
    end
  else
    case authenticate(ctx.pool, header_key(headers)) do
      Ok(auth) -> register_ingest(ctx, conn, auth.project_id)
      Err(_) -> 0
    end
  end
end

fn register_ingest(ctx :: Ctx, conn :: Int, project_id :: String) -> Int do
  StreamManager.register_client(stream_pid(ctx), conn, "ingest", project_id, "", "")
  conn
end

pub fn on_message(ctx :: Ctx, conn :: Int, text :: String) do
  let client = StreamManager.get_client(stream_pid(ctx), conn)
  if client.kind == "stream" do
    ws_send(conn, subscribe(ctx, conn, client.project_id, text))
  else
    if client.kind == "ingest" do ws_send(conn, ingest(ctx, client.project_id, text)) else 0 end
  end
  ()
end

# {"type":"subscribe","filters":{"level":…,"environment":…}}: new filters
# (missing or null = any); anything else keeps the old ones.
fn subscribe(ctx :: Ctx, conn :: Int, project_id :: String, text :: String) -> String do
  let sql = "SELECT COALESCE(j->'filters'->>'level', '') AS level, COALESCE(j->'filters'->>'environment', '') AS env FROM (SELECT $1::jsonb AS j) AS s WHERE jsonb_typeof(j) = 'object' AND jsonb_typeof(COALESCE(j->'filters', '{}'::jsonb)) = 'object'"
  case Pool.query(ctx.pool, sql, [text]) do
    Ok(rows) -> if List.length(rows) > 0 do set_filters(ctx, conn, project_id, List.head(rows)) else invalid_subscribe() end
    Err(_) -> invalid_subscribe()
  end
end

fn set_filters(ctx :: Ctx, conn :: Int, project_id :: String, row :: Map<String, String>) -> String do
  StreamManager.register_client(stream_pid(ctx), conn, "stream", project_id, Map.get(row, "level"), Map.get(row, "env"))
  """{"type":"filters_updated"}"""
end

fn invalid_subscribe() -> String do
  """{"type":"error","message":"invalid subscribe message"}"""
end

fn ingest(ctx :: Ctx, project_id :: String, text :: String) -> String do
  PipelineRegistry.increment_event_count(registry_pid(ctx))
  if spool_depth(ctx.spool) >= ctx.spool_max do
    """{"error":"temporarily unavailable, retry later"}"""
  else
    ingest_checked(ctx, project_id, text)
  end
end

fn ingest_checked(ctx :: Ctx, project_id :: String, text :: String) -> String do
  if RateLimiter.check_limit(limiter_pid(ctx), project_id) > 0 do
    """{"error":"rate limited"}"""
  else
    if String.length(text) > 1048576 do """{"error":"payload too large"}""" else ingest_event(ctx, project_id, text) end
  end
end

fn ingest_event(ctx :: Ctx, project_id :: String, text :: String) -> String do
  case process_event(ctx, project_id, "keep", text) do
    Ok(_) -> """{"status":"accepted"}"""
    Err(e) -> """{"error":""" <> JSON.encode_string(e) <> "}"
  end
end

pub fn on_close(ctx :: Ctx, conn :: Int, code :: Int) do
  StreamManager.remove_client(stream_pid(ctx), conn)
  println("[WS] Connection closed: " <> String.from(code))
end
