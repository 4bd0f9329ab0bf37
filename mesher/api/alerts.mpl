# Alert-rule and alert routes (contract 3.8) and project settings (3.9).
# Request bodies are parsed and range-checked by PostgreSQL in the same
# statement that writes them; a bad body gives 400 with the reason.

from Api.Helpers import Ctx, json_resp, error_resp, db_error, query_param, with_project, with_uuid, json_query, action

fn rule_check_sql() -> String do
  let c = "COALESCE(b->'condition', '{}'::jsonb)"
  "CASE WHEN jsonb_typeof(b) <> 'object' THEN 'body must be a JSON object' WHEN b ? 'name' AND jsonb_typeof(b->'name') NOT IN ('string', 'null') THEN 'name must be a string' WHEN jsonb_typeof(" <> c <> ") <> 'object' THEN 'condition must be an object' WHEN COALESCE(" <> c <> "->>'condition_type', '') NOT IN ('threshold', 'new_issue', 'regression') THEN 'condition_type must be threshold, new_issue or regression' WHEN " <> c <> "->>'condition_type' = 'threshold' AND NOT COALESCE(jsonb_typeof(" <> c <> "->'threshold') = 'number' AND jsonb_typeof(" <> c <> "->'window_minutes') = 'number' AND (" <> c <> "->>'threshold')::numeric > 0 AND (" <> c <> "->>'window_minutes')::numeric > 0, false) THEN 'threshold rules need positive threshold and window_minutes' WHEN b ? 'cooldown_minutes' AND jsonb_typeof(b->'cooldown_minutes') <> 'null' AND NOT COALESCE(jsonb_typeof(b->'cooldown_minutes') = 'number' AND (b->>'cooldown_minutes')::numeric >= 1, false) THEN 'cooldown_minutes must be a number of minutes, at least 1' WHEN b ? 'enabled' AND jsonb_typeof(b->'enabled') NOT IN ('boolean', 'null') THEN 'enabled must be true or false' WHEN b ? 'action' AND jsonb_typeof(b->'action') NOT IN ('object', 'null') THEN 'action must be an object' ELSE '' END"
end

pub fn create_rule(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let body = "b AS (SELECT COALESCE(NULLIF($2, '')::jsonb, '{}'::jsonb) AS b), chk AS (SELECT b, " <> rule_check_sql() <> " AS err FROM b)"
    let ins = "ins AS (INSERT INTO alert_rules (project_id, name, condition_json, action_json, enabled, cooldown_minutes) SELECT $1::uuid, COALESCE(NULLIF(b->>'name', ''), 'Unnamed Rule'), COALESCE(b->'condition', '{}'::jsonb), COALESCE(NULLIF(b->'action', 'null'::jsonb), jsonb_build_object('type', 'websocket')), COALESCE((b->>'enabled')::boolean, true), COALESCE((b->>'cooldown_minutes')::numeric::int, 60) FROM chk WHERE err = '' RETURNING id)"
    let sql = "WITH " <> body <> ", " <> ins <> " SELECT err, COALESCE((SELECT id::text FROM ins), '') AS id FROM chk"
    case Pool.query(ctx.pool, sql, [project_id, Request.body(req)]) do
      Ok(rows) -> created_or_400(List.head(rows))
      Err(e) -> db_error(e)
    end
  end)
end

fn created_or_400(row :: Map<String, String>) -> Response do
  if Map.get(row, "err") != "" do
    error_resp(400, Map.get(row, "err"))
  else
    json_resp(201, """{"id":""" <> JSON.encode_string(Map.get(row, "id")) <> "}")
  end
end

pub fn list_rules(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let sql = "SELECT COALESCE(json_agg(json_build_object('id', id::text, 'project_id', project_id::text, 'name', name, 'condition', condition_json, 'action', action_json, 'enabled', enabled, 'cooldown_minutes', cooldown_minutes, 'last_fired_at', last_fired_at::text, 'created_at', created_at::text) ORDER BY created_at DESC, id DESC), '[]')::text AS j FROM alert_rules WHERE project_id = $1::uuid"
    json_query(ctx.pool, sql, [project_id], "")
  end)
end

# Sets (not flips) enabled; a body without it enables.
pub fn toggle_rule(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "rule_id", fn(rule_id) do
    action(ctx.pool, "UPDATE alert_rules SET enabled = COALESCE((COALESCE(NULLIF($2, '')::jsonb, '{}'::jsonb)->>'enabled')::boolean, true) WHERE id = $1::uuid", [rule_id, Request.body(req)])
  end)
end

pub fn delete_rule(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "rule_id", fn(rule_id) do
    action(ctx.pool, "DELETE FROM alert_rules WHERE id = $1::uuid", [rule_id])
  end)
end

pub fn list_alerts(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let inner = "SELECT a.*, r.name AS rule_name FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.project_id = $1::uuid AND ($2 = '' OR a.status = $2) ORDER BY a.triggered_at DESC, a.id DESC LIMIT 50"
    let sql = "SELECT COALESCE(json_agg(json_build_object('id', s.id::text, 'rule_id', s.rule_id::text, 'project_id', s.project_id::text, 'status', s.status, 'message', s.message, 'condition_snapshot', s.condition_snapshot, 'triggered_at', s.triggered_at::text, 'acknowledged_at', s.acknowledged_at::text, 'resolved_at', s.resolved_at::text, 'rule_name', s.rule_name) ORDER BY s.triggered_at DESC, s.id DESC), '[]')::text AS j FROM (" <> inner <> ") AS s"
    json_query(ctx.pool, sql, [project_id, query_param(req, "status")], "")
  end)
end

pub fn acknowledge_alert(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "id", fn(id) do
    action(ctx.pool, "UPDATE alerts SET status = 'acknowledged', acknowledged_at = now() WHERE id = $1::uuid AND status = 'active'", [id])
  end)
end

pub fn resolve_alert(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "id", fn(id) do
    action(ctx.pool, "UPDATE alerts SET status = 'resolved', resolved_at = now() WHERE id = $1::uuid AND status IN ('active', 'acknowledged')", [id])
  end)
end

# --- Settings and storage ---

pub fn get_settings(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    json_query(ctx.pool, "SELECT json_build_object('retention_days', retention_days, 'sample_rate', sample_rate)::text AS j FROM projects WHERE id = $1::uuid", [project_id], "project not found")
  end)
end

fn settings_check_sql() -> String do
  "CASE WHEN jsonb_typeof(b) <> 'object' THEN 'body must be a JSON object' WHEN jsonb_typeof(b->'retention_days') NOT IN ('number', 'null') OR (jsonb_typeof(b->'retention_days') = 'number' AND NOT ((b->>'retention_days')::numeric BETWEEN 1 AND 3650 AND (b->>'retention_days')::numeric = trunc((b->>'retention_days')::numeric))) THEN 'retention_days must be an integer from 1 to 3650' WHEN jsonb_typeof(b->'sample_rate') NOT IN ('number', 'null') OR (jsonb_typeof(b->'sample_rate') = 'number' AND NOT (b->>'sample_rate')::numeric BETWEEN 0 AND 1) THEN 'sample_rate must be a number from 0.0 to 1.0' ELSE '' END"
end

pub fn update_settings(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let chk = "chk AS (SELECT b, " <> settings_check_sql() <> " AS err FROM (SELECT COALESCE(NULLIF($2, '')::jsonb, '{}'::jsonb) AS b) AS s)"
    let up = "up AS (UPDATE projects SET retention_days = COALESCE((b->>'retention_days')::numeric::int, retention_days), sample_rate = COALESCE((b->>'sample_rate')::real, sample_rate) FROM chk WHERE id = $1::uuid AND err = '' RETURNING id)"
    let sql = "WITH " <> chk <> ", " <> up <> " SELECT err, (SELECT count(*) FROM up) AS n FROM chk"
    case Pool.query(ctx.pool, sql, [project_id, Request.body(req)]) do
      Ok(rows) -> settings_result(List.head(rows))
      Err(e) -> db_error(e)
    end
  end)
end

fn settings_result(row :: Map<String, String>) -> Response do
  if Map.get(row, "err") != "" do
    error_resp(400, Map.get(row, "err"))
  else
    json_resp(200, """{"status":"ok","affected":""" <> Map.get(row, "n") <> "}")
  end
end

pub fn storage(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    json_query(ctx.pool, "SELECT json_build_object('event_count', count(*), 'estimated_bytes', count(*) * 1024)::text AS j FROM events WHERE project_id = $1::uuid", [project_id], "")
  end)
end
