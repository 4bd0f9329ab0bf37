# Event routes (contract 3.4): full-text search, tag search, an issue's
# events (paginated) and timeline, and one event with its neighbours.

from Api.Helpers import Ctx, error_resp, db_error, query_param, limit_param, with_project, with_uuid, json_query
from Api.Issues import paginated_sql, cursor_error

fn summary_json(t :: String) -> String do
  "json_build_object('id', " <> t <> ".id::text, 'issue_id', COALESCE(" <> t <> ".issue_id::text, ''), 'level', " <> t <> ".level, 'message', " <> t <> ".message, 'received_at', " <> t <> ".received_at::text)"
end

pub fn search_events(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let q = query_param(req, "q")
    if q == "" do
      error_resp(400, "missing search query")
    else
      let inner = "SELECT id, issue_id, level, message, received_at, ts_rank(to_tsvector('english', message), plainto_tsquery('english', $2)) AS rank FROM events WHERE project_id = $1::uuid AND to_tsvector('english', message) @@ plainto_tsquery('english', $2) AND received_at > now() - interval '24 hours' ORDER BY rank DESC, received_at DESC LIMIT $3::int"
      let sql = "SELECT COALESCE(json_agg(" <> summary_json("s") <> " ORDER BY s.rank DESC, s.received_at DESC), '[]')::text AS j FROM (" <> inner <> ") AS s"
      json_query(ctx.pool, sql, [project_id, q, String.from(limit_param(req, 25, 100))], "")
    end
  end)
end

pub fn tag_events(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let key = query_param(req, "key")
    let value = query_param(req, "value")
    if key == "" || value == "" do
      error_resp(400, "missing key or value parameter")
    else
      let inner = "SELECT id, issue_id, level, message, tags, received_at FROM events WHERE project_id = $1::uuid AND tags @> jsonb_build_object($2::text, $3::text) AND received_at > now() - interval '24 hours' ORDER BY received_at DESC LIMIT $4::int"
      let sql = "SELECT COALESCE(json_agg(json_build_object('id', s.id::text, 'issue_id', COALESCE(s.issue_id::text, ''), 'level', s.level, 'message', s.message, 'tags', s.tags, 'received_at', s.received_at::text) ORDER BY s.received_at DESC), '[]')::text AS j FROM (" <> inner <> ") AS s"
      json_query(ctx.pool, sql, [project_id, key, value, String.from(limit_param(req, 25, 100))], "")
    end
  end)
end

pub fn issue_events(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "issue_id", fn(issue_id) do
    if cursor_error(req) != "" do
      error_resp(400, cursor_error(req))
    else
      let page = "SELECT id, issue_id, level, message, received_at FROM events WHERE issue_id = $1::uuid AND ($2 = '' OR (received_at, id) < (NULLIF($2, '')::timestamptz, NULLIF($3, '')::uuid)) ORDER BY received_at DESC, id DESC LIMIT $4::int"
      let sql = paginated_sql(page, summary_json("p"), "received_at", "$4")
      json_query(ctx.pool, sql, [issue_id, query_param(req, "cursor"), query_param(req, "cursor_id"), String.from(limit_param(req, 25, 100))], "")
    end
  end)
end

# Newest first; limit defaults to 50 (upstream: unchecked), capped at 1000.
pub fn issue_timeline(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "issue_id", fn(issue_id) do
    let inner = "SELECT id, issue_id, level, message, received_at FROM events WHERE issue_id = $1::uuid ORDER BY received_at DESC, id DESC LIMIT $2::int"
    let sql = "SELECT COALESCE(json_agg(" <> summary_json("s") <> " ORDER BY s.received_at DESC, s.id DESC), '[]')::text AS j FROM (" <> inner <> ") AS s"
    json_query(ctx.pool, sql, [issue_id, String.from(limit_param(req, 50, 1000))], "")
  end)
end

fn neighbour(op :: String, dir :: String) -> String do
  "(SELECT n.id::text FROM events n WHERE n.issue_id = e.issue_id AND (n.received_at, n.id) " <> op <> " (e.received_at, e.id) ORDER BY n.received_at " <> dir <> ", n.id " <> dir <> " LIMIT 1)"
end

pub fn get_event(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "event_id", fn(event_id) do
    let event = "json_build_object('id', e.id::text, 'project_id', e.project_id::text, 'issue_id', COALESCE(e.issue_id::text, ''), 'level', e.level, 'message', e.message, 'fingerprint', e.fingerprint, 'exception', e.exception, 'stacktrace', COALESCE(e.stacktrace, '[]'::jsonb), 'breadcrumbs', COALESCE(e.breadcrumbs, '[]'::jsonb), 'tags', e.tags, 'extra', e.extra, 'user_context', e.user_context, 'sdk_name', COALESCE(e.sdk_name, ''), 'sdk_version', COALESCE(e.sdk_version, ''), 'received_at', e.received_at::text)"
    let nav = "json_build_object('next_id', " <> neighbour(">", "ASC") <> ", 'prev_id', " <> neighbour("<", "DESC") <> ")"
    let sql = "SELECT json_build_object('event', " <> event <> ", 'navigation', " <> nav <> ")::text AS j FROM events e WHERE e.id = $1::uuid LIMIT 1"
    json_query(ctx.pool, sql, [event_id], "event not found")
  end)
end
