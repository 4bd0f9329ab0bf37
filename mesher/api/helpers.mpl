# Shared pieces of the HTTP handlers: the context every handler gets (pool
# and service pids), JSON responses, request parameters, id checks, and the
# mapping of database errors to statuses. Response bodies are JSON built by
# PostgreSQL (json_build_object) or with JSON.encode_string, never by
# pasting unescaped text.

from Storage.Errors import db_status, db_message

pub struct Ctx do
  pool :: PoolHandle
  limiter :: Pid
  writer :: Pid
  stream :: Pid
  registry :: Pid
  spool :: SqliteConn
  spool_max :: Int
end

# The StorageWriter now: its supervisor may have restarted it (under the
# same registered name). While it is being restarted this is the null pid
# and a kick is lost, which is harmless: the flush ticker comes anyway.
pub fn writer_pid(ctx :: Ctx) -> Pid do
  Process.whereis("storage_writer")
end

# The other supervised services, by name (Services.Supervision).
pub fn stream_pid(ctx :: Ctx) -> Pid do
  Process.whereis("stream_manager")
end

pub fn limiter_pid(ctx :: Ctx) -> Pid do
  Process.whereis("rate_limiter")
end

pub fn registry_pid(ctx :: Ctx) -> Pid do
  Process.whereis("pipeline_registry")
end

pub fn json_resp(status :: Int, body :: String) -> Response do
  HTTP.response(status, body)
end

pub fn error_resp(status :: Int, message :: String) -> Response do
  HTTP.response(status, """{"error":""" <> JSON.encode_string(message) <> "}")
end

pub fn affected_resp(n :: Int) -> Response do
  HTTP.response(200, """{"status":"ok","affected":""" <> String.from(n) <> "}")
end

# A failed statement: its message with the status Storage.Errors gives it.
pub fn db_error(e :: String) -> Response do
  error_resp(db_status(e), db_message(e))
end

pub fn param(req :: Request, name :: String) -> String do
  case Request.param(req, name) do
    Some(v) -> v
    None -> ""
  end
end

pub fn query_param(req :: Request, name :: String) -> String do
  case Request.query(req, name) do
    Some(v) -> v
    None -> ""
  end
end

# limit in 1..max, else the default (upstream: 1..100, else 25).
pub fn limit_param(req :: Request, default :: Int, max :: Int) -> Int do
  case String.to_int(query_param(req, "limit")) do
    Some(n) -> if n >= 1 && n <= max do n else default end
    None -> default
  end
end

fn all_hex(s :: String, i :: Int) -> Bool do
  if i >= String.length(s) do
    true
  else
    if String.contains("0123456789abcdefABCDEF", String.slice(s, i, i + 1)) do all_hex(s, i + 1) else false end
  end
end

# 8-4-4-4-12 hex digits.
pub fn is_uuid(s :: String) -> Bool do
  if String.length(s) == 36 do
    let parts = String.split(s, "-")
    let lengths = List.map(parts, fn(p) do String.length(p) end)
    lengths == [8, 4, 4, 4, 12] && all_hex(String.replace(s, "-", ""), 0)
  else
    false
  end
end

# Runs handler with the :name path parameter if it is a UUID, else 400.
pub fn with_uuid(req :: Request, name :: String, handler :: Fun(String) -> Response) -> Response do
  let id = param(req, name)
  if is_uuid(id) do handler(id) else error_resp(400, "invalid " <> name) end
end

# A project or organization identifier: 36 characters is a UUID, anything
# else a slug looked up in `table`; unknown → 404, malformed UUID → 400.
fn resolve_in(pool :: PoolHandle, table :: String, what :: String, raw :: String, handler :: Fun(String) -> Response) -> Response do
  if String.length(raw) == 36 do
    if is_uuid(raw) do handler(raw) else error_resp(400, "invalid " <> what <> " id") end
  else
    case Pool.query(pool, "SELECT id::text AS id FROM " <> table <> " WHERE slug = $1", [raw]) do
      Ok(rows) -> if List.length(rows) > 0 do handler(Map.get(List.head(rows), "id")) else error_resp(404, what <> " not found") end
      Err(e) -> db_error(e)
    end
  end
end

pub fn resolve_project(pool :: PoolHandle, raw :: String, handler :: Fun(String) -> Response) -> Response do
  resolve_in(pool, "projects", "project", raw, handler)
end

pub fn with_project(ctx :: Ctx, req :: Request, handler :: Fun(String) -> Response) -> Response do
  resolve_in(ctx.pool, "projects", "project", param(req, "project_id"), handler)
end

pub fn with_org(ctx :: Ctx, req :: Request, handler :: Fun(String) -> Response) -> Response do
  resolve_in(ctx.pool, "organizations", "organization", param(req, "org_id"), handler)
end

# A query whose single row has the response JSON in column j; 404 with
# `missing` when there is no row.
pub fn json_query(pool :: PoolHandle, sql :: String, params :: List<String>, missing :: String) -> Response do
  case Pool.query(pool, sql, params) do
    Ok(rows) -> if List.length(rows) > 0 do json_resp(200, Map.get(List.head(rows), "j")) else error_resp(404, missing) end
    Err(e) -> db_error(e)
  end
end

pub fn action(pool :: PoolHandle, sql :: String, params :: List<String>) -> Response do
  case Pool.execute(pool, sql, params) do
    Ok(n) -> affected_resp(n)
    Err(e) -> db_error(e)
  end
end
