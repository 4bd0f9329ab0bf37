# Alert firing (contract 4.8). The cooldown check, last_fired_at update and
# alert insert are ONE statement, so two concurrent requests cannot both
# fire a rule; every fired alert is sent to the project's stream clients.

from Api.Helpers import Ctx, stream_pid
from Services.StreamManager import StreamManager

fn fire_sql() -> String do
  let fired = "fired AS (UPDATE alert_rules SET last_fired_at = now() WHERE project_id = $1::uuid AND enabled AND condition_json->>'condition_type' = $2 AND (last_fired_at IS NULL OR last_fired_at < now() - cooldown_minutes * interval '1 minute') RETURNING id, name)"
  let ins = "ins AS (INSERT INTO alerts (rule_id, project_id, status, message, condition_snapshot) SELECT id, $1::uuid, 'active', $3, jsonb_build_object('condition_type', $2::text, 'rule_name', name) FROM fired RETURNING id, rule_id)"
  "WITH " <> fired <> ", " <> ins <> " SELECT json_build_object('type', 'alert', 'alert_id', ins.id::text, 'rule_name', fired.name, 'condition', $2::text, 'message', $3::text)::text AS j FROM ins JOIN fired ON fired.id = ins.rule_id"
end

# Fires the enabled rules of kind `ctype` of a project; the number fired.
pub fn fire_event_rules(ctx :: Ctx, project_id :: String, ctype :: String, message :: String) -> Int do
  case Pool.query(ctx.pool, fire_sql(), [project_id, ctype, message]) do
    Ok(rows) -> List.length(List.map(rows, fn(row) do StreamManager.publish(stream_pid(ctx), project_id, Map.get(row, "j")) end))
    Err(_) -> 0
  end
end

fn threshold_sql() -> String do
  let due = "enabled AND condition_json->>'condition_type' = 'threshold' AND jsonb_typeof(condition_json->'threshold') = 'number' AND jsonb_typeof(condition_json->'window_minutes') = 'number' AND (last_fired_at IS NULL OR last_fired_at < now() - cooldown_minutes * interval '1 minute')"
  let over = "(SELECT count(*) FROM events e WHERE e.project_id = r.project_id AND e.received_at > now() - (r.condition_json->>'window_minutes')::numeric * interval '1 minute') > (r.condition_json->>'threshold')::numeric"
  let fired = "fired AS (UPDATE alert_rules r SET last_fired_at = now() WHERE " <> due <> " AND " <> over <> " RETURNING id, project_id, name, condition_json)"
  let ins = "ins AS (INSERT INTO alerts (rule_id, project_id, status, message, condition_snapshot) SELECT id, project_id, 'active', 'Event count exceeded ' || (condition_json->>'threshold') || ' in ' || (condition_json->>'window_minutes') || ' minutes', jsonb_build_object('condition_type', 'threshold', 'rule_name', name) FROM fired RETURNING id, rule_id, project_id, message)"
  "WITH " <> fired <> ", " <> ins <> " SELECT ins.project_id::text AS project_id, json_build_object('type', 'alert', 'alert_id', ins.id::text, 'rule_name', fired.name, 'condition', 'threshold', 'message', ins.message)::text AS j FROM ins JOIN fired ON fired.id = ins.rule_id"
end

# Evaluates every threshold rule of every project; the number fired.
pub fn fire_threshold_rules(ctx :: Ctx) -> Int!String do
  let rows = Pool.query(ctx.pool, threshold_sql(), [])?
  Ok(List.length(List.map(rows, fn(row) do StreamManager.publish(stream_pid(ctx), Map.get(row, "project_id"), Map.get(row, "j")) end)))
end
