# Dashboard routes (contract 3.5). Windows are the last 24 hours; counts
# are JSON numbers and are ordered numerically (upstream ordered their text).

from Api.Helpers import Ctx, error_resp, query_param, limit_param, with_project, json_query

fn buckets() -> List<String> do
  ["minute", "hour", "day", "week", "month"]
end

pub fn volume(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let raw = query_param(req, "bucket")
    let bucket = if raw == "" do "hour" else raw end
    if List.contains(buckets(), bucket) do
      let sql = "SELECT COALESCE(json_agg(json_build_object('bucket', b::text, 'count', c) ORDER BY b), '[]')::text AS j FROM (SELECT date_trunc($2, received_at) AS b, count(*) AS c FROM events WHERE project_id = $1::uuid AND received_at > now() - interval '24 hours' GROUP BY 1) AS s"
      json_query(ctx.pool, sql, [project_id, bucket], "")
    else
      error_resp(400, "invalid bucket: must be minute, hour, day, week or month")
    end
  end)
end

pub fn levels(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let sql = "SELECT COALESCE(json_agg(json_build_object('level', level, 'count', c) ORDER BY c DESC, level), '[]')::text AS j FROM (SELECT level, count(*) AS c FROM events WHERE project_id = $1::uuid AND received_at > now() - interval '24 hours' GROUP BY level) AS s"
    json_query(ctx.pool, sql, [project_id], "")
  end)
end

pub fn top_issues(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let sql = "SELECT COALESCE(json_agg(json_build_object('id', id::text, 'title', title, 'level', level, 'status', status, 'event_count', event_count, 'last_seen', last_seen::text) ORDER BY event_count DESC, last_seen DESC), '[]')::text AS j FROM (SELECT * FROM issues WHERE project_id = $1::uuid AND status = 'unresolved' ORDER BY event_count DESC, last_seen DESC LIMIT $2::int) AS s"
    json_query(ctx.pool, sql, [project_id, String.from(limit_param(req, 10, 100))], "")
  end)
end

pub fn tag_breakdown(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let key = query_param(req, "key")
    if key == "" do
      error_resp(400, "missing key parameter")
    else
      let sql = "SELECT COALESCE(json_agg(json_build_object('value', v, 'count', c) ORDER BY c DESC, v), '[]')::text AS j FROM (SELECT NULLIF(tags->>$2, '') AS v, count(*) AS c FROM events WHERE project_id = $1::uuid AND tags ? $2 AND received_at > now() - interval '24 hours' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20) AS s"
      json_query(ctx.pool, sql, [project_id, key], "")
    end
  end)
end

pub fn health(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let sql = "SELECT json_build_object('unresolved_count', (SELECT count(*) FROM issues WHERE project_id = $1::uuid AND status = 'unresolved'), 'events_24h', (SELECT count(*) FROM events WHERE project_id = $1::uuid AND received_at > now() - interval '24 hours'), 'new_today', (SELECT count(*) FROM issues WHERE project_id = $1::uuid AND first_seen > now() - interval '24 hours'))::text AS j"
    json_query(ctx.pool, sql, [project_id], "")
  end)
end
