# Issue routes (contract 3.3): the paginated list and the state actions.
# State changes are sent to the project's stream clients.

from Api.Helpers import Ctx, json_resp, error_resp, affected_resp, db_error, query_param, limit_param, with_project, with_uuid, json_query, is_uuid, stream_pid
from Services.StreamManager import StreamManager

fn issue_json(t :: String) -> String do
  "json_build_object('id', " <> t <> ".id::text, 'title', " <> t <> ".title, 'level', " <> t <> ".level, 'status', " <> t <> ".status, 'event_count', " <> t <> ".event_count, 'first_seen', " <> t <> ".first_seen::text, 'last_seen', " <> t <> ".last_seen::text, 'assigned_to', COALESCE(" <> t <> ".assigned_to::text, ''))"
end

# Keyset pagination: `page` is a CTE of at most $limit rows; the response
# has the page, has_more (page full) and the cursor of its last row.
# ts/order name the cursor column and the ordering of the rows.
pub fn paginated_sql(page :: String, row_json :: String, ts :: String, limit_param :: String) -> String do
  let agg = "agg AS (SELECT json_agg(" <> row_json <> " ORDER BY p." <> ts <> " DESC, p.id DESC) AS data, count(*) AS n FROM page p)"
  let last = "last AS (SELECT " <> ts <> "::text AS c, id::text AS ci FROM page ORDER BY " <> ts <> " ASC, id ASC LIMIT 1)"
  "WITH page AS (" <> page <> "), " <> agg <> ", " <> last <> " SELECT (CASE WHEN agg.n = " <> limit_param <> "::int THEN json_build_object('data', agg.data, 'has_more', true, 'next_cursor', (SELECT c FROM last), 'next_cursor_id', (SELECT ci FROM last)) ELSE json_build_object('data', COALESCE(agg.data, '[]'::json), 'has_more', false) END)::text AS j FROM agg"
end

# A cursor needs its id; both are checked here so that a bad one is a 400.
pub fn cursor_error(req :: Request) -> String do
  let cursor = query_param(req, "cursor")
  let cursor_id = query_param(req, "cursor_id")
  if cursor == "" || is_uuid(cursor_id) do "" else "cursor_id must be the id of the last item" end
end

pub fn list_issues(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let assigned = query_param(req, "assigned_to")
    if cursor_error(req) != "" do
      error_resp(400, cursor_error(req))
    else
      if assigned != "" && !is_uuid(assigned) do error_resp(400, "invalid assigned_to") else list_issues_page(ctx, req, project_id) end
    end
  end)
end

fn list_issues_page(ctx :: Ctx, req :: Request, project_id :: String) -> Response do
  let page = "SELECT id, title, level, status, event_count, first_seen, last_seen, assigned_to FROM issues WHERE project_id = $1::uuid AND ($2 = '' OR status = $2) AND ($3 = '' OR level = $3) AND ($4 = '' OR assigned_to = NULLIF($4, '')::uuid) AND ($5 = '' OR (last_seen, id) < (NULLIF($5, '')::timestamptz, NULLIF($6, '')::uuid)) ORDER BY last_seen DESC, id DESC LIMIT $7::int"
  let sql = paginated_sql(page, issue_json("p"), "last_seen", "$7")
  let params = [project_id, query_param(req, "status"), query_param(req, "level"), query_param(req, "assigned_to"), query_param(req, "cursor"), query_param(req, "cursor_id"), String.from(limit_param(req, 25, 100))]
  json_query(ctx.pool, sql, params, "project not found")
end

# UPDATE … RETURNING project_id: the affected count, and an `issue` stream
# message for the issue's project when it changed.
fn state_action(ctx :: Ctx, req :: Request, sql :: String, action :: String) -> Response do
  with_uuid(req, "id", fn(id) do
    case Pool.query(ctx.pool, sql, [id]) do
      Ok(rows) -> announce(ctx, rows, id, action)
      Err(e) -> db_error(e)
    end
  end)
end

fn announce(ctx :: Ctx, rows :: List<Map<String, String>>, id :: String, action :: String) -> Response do
  if List.length(rows) > 0 do
    let msg = """{"type":"issue","action":""" <> JSON.encode_string(action) <> ""","issue_id":""" <> JSON.encode_string(id) <> "}"
    StreamManager.publish(stream_pid(ctx), Map.get(List.head(rows), "project_id"), msg)
  end
  affected_resp(List.length(rows))
end

pub fn resolve_issue(ctx :: Ctx, req :: Request) -> Response do
  state_action(ctx, req, "UPDATE issues SET status = 'resolved' WHERE id = $1::uuid AND status <> 'resolved' RETURNING project_id::text AS project_id", "resolved")
end

pub fn archive_issue(ctx :: Ctx, req :: Request) -> Response do
  state_action(ctx, req, "UPDATE issues SET status = 'archived' WHERE id = $1::uuid RETURNING project_id::text AS project_id", "archived")
end

pub fn unresolve_issue(ctx :: Ctx, req :: Request) -> Response do
  state_action(ctx, req, "UPDATE issues SET status = 'unresolved' WHERE id = $1::uuid RETURNING project_id::text AS project_id", "unresolved")
end

pub fn discard_issue(ctx :: Ctx, req :: Request) -> Response do
  state_action(ctx, req, "UPDATE issues SET status = 'discarded' WHERE id = $1::uuid RETURNING project_id::text AS project_id", "discarded")
end

# Events and issue go in one statement (atomic).
pub fn delete_issue(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "id", fn(id) do
    case Pool.execute(ctx.pool, "WITH gone AS (DELETE FROM events WHERE issue_id = $1::uuid) DELETE FROM issues WHERE id = $1::uuid", [id]) do
      Ok(n) -> affected_resp(n)
      Err(e) -> db_error(e)
    end
  end)
end

# Body {"user_id": "<uuid>"}; empty, missing or null unassigns.
pub fn assign_issue(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "id", fn(id) do
    let sql = "UPDATE issues SET assigned_to = NULLIF(COALESCE(NULLIF($2, '')::jsonb->>'user_id', ''), '')::uuid WHERE id = $1::uuid"
    case Pool.execute(ctx.pool, sql, [id, Request.body(req)]) do
      Ok(_) -> json_resp(200, """{"status":"ok"}""")
      Err(e) -> db_error(e)
    end
  end)
end
