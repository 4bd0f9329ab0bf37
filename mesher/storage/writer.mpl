# Event insertion. The event arrives as the JSON text an SDK sent; it is
# passed once as a `$2::jsonb` parameter and PostgreSQL extracts the columns
# (JSON null counts as absent). Malformed JSON, an unknown level or an
# unknown project come back as Err with the server's message.

pub fn insert_event(pool :: PoolHandle, project_id :: String, event_json :: String) -> Int!String do
  Pool.execute(pool, "INSERT INTO events (project_id, level, message, fingerprint, exception, stacktrace, breadcrumbs, tags, extra, user_context, sdk_name, sdk_version) SELECT $1::uuid, COALESCE(j->>'level', 'error'), COALESCE(j->>'message', ''), COALESCE(j->>'fingerprint', md5(COALESCE(j->'exception'->>'type_name', '') || ':' || COALESCE(j->>'message', ''))), NULLIF(j->'exception', 'null'), NULLIF(j->'stacktrace', 'null'), NULLIF(j->'breadcrumbs', 'null'), COALESCE(NULLIF(j->'tags', 'null'), '{}'), COALESCE(NULLIF(j->'extra', 'null'), '{}'), NULLIF(j->'user_context', 'null'), j->>'sdk_name', j->>'sdk_version' FROM (SELECT $2::jsonb AS j) AS e", [project_id, event_json])
end
