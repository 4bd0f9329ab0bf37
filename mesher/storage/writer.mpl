# Event insertion. The event arrives as the JSON text an SDK sent; it is
# passed once as a `$2::jsonb` parameter and PostgreSQL extracts the columns
# (JSON null counts as absent). Malformed JSON, an unknown level or an
# unknown project come back as Err with the server's message.

pub fn insert_event(pool :: PoolHandle, project_id :: String, event_json :: String) -> Int!String do
  Pool.execute(pool, "INSERT INTO events (project_id, level, message, fingerprint, exception, stacktrace, breadcrumbs, tags, extra, user_context, sdk_name, sdk_version) SELECT $1::uuid, COALESCE(j->>'level', 'error'), COALESCE(j->>'message', ''), COALESCE(j->>'fingerprint', md5(COALESCE(j->'exception'->>'type_name', '') || ':' || COALESCE(j->>'message', ''))), NULLIF(j->'exception', 'null'), NULLIF(j->'stacktrace', 'null'), NULLIF(j->'breadcrumbs', 'null'), COALESCE(NULLIF(j->'tags', 'null'), '{}'), COALESCE(NULLIF(j->'extra', 'null'), '{}'), NULLIF(j->'user_context', 'null'), j->>'sdk_name', j->>'sdk_version' FROM (SELECT $2::jsonb AS j) AS e", [project_id, event_json])
end

# A writer entry: the event JSON wrapped with what the pipeline already
# knows about it ("id" the event id, "p" project id, "i" issue id, "f"
# fingerprint, "t" the time the request was accepted). The id and the time
# make the row's primary key, so a batch that is inserted again (a retry
# after a lost COMMIT answer, a replay of the spool after a crash) finds its
# rows and adds nothing. Empty issue/fingerprint mean "unknown": the issue
# stays NULL, the fingerprint is derived as insert_event does.
# event_json must be one JSON value (the pipeline has parsed it).
pub fn writer_entry(event_id :: String, project_id :: String, issue_id :: String, fingerprint :: String, received_at :: String, event_json :: String) -> String do
  let head = """{"id":""" <> JSON.encode_string(event_id) <> ""","p":""" <> JSON.encode_string(project_id) <> ""","i":""" <> JSON.encode_string(issue_id)
  head <> ""","f":""" <> JSON.encode_string(fingerprint) <> ""","t":""" <> JSON.encode_string(received_at) <> ""","e":""" <> event_json <> "}"
end

# Inserts a whole batch of writer entries (a JSON array of them) in ONE
# statement, so it is all-or-nothing; ON CONFLICT on the primary key
# (id, received_at) makes it idempotent. Ok(rows actually added).
pub fn insert_batch(pool :: PoolHandle, entries :: List<String>) -> Int!String do
  let batch = "[" <> String.join(entries, ",") <> "]"
  Pool.execute(pool, "INSERT INTO events (id, project_id, issue_id, level, message, fingerprint, exception, stacktrace, breadcrumbs, tags, extra, user_context, sdk_name, sdk_version, received_at) SELECT COALESCE(NULLIF(x->>'id', '')::uuid, uuidv7()), (x->>'p')::uuid, NULLIF(x->>'i', '')::uuid, COALESCE(j->>'level', 'error'), COALESCE(j->>'message', ''), COALESCE(NULLIF(x->>'f', ''), j->>'fingerprint', md5(COALESCE(j->'exception'->>'type_name', '') || ':' || COALESCE(j->>'message', ''))), NULLIF(j->'exception', 'null'), NULLIF(j->'stacktrace', 'null'), NULLIF(j->'breadcrumbs', 'null'), COALESCE(NULLIF(j->'tags', 'null'), '{}'), COALESCE(NULLIF(j->'extra', 'null'), '{}'), NULLIF(j->'user_context', 'null'), j->>'sdk_name', j->>'sdk_version', COALESCE(NULLIF(x->>'t', '')::timestamptz, now()) FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(x, n), LATERAL (SELECT x->'e' AS j) AS e ORDER BY n ON CONFLICT (id, received_at) DO NOTHING", [batch])
end

# Whether a failed insert may succeed later (connection lost, timeout,
# server shutting down, out of resources, serialization failure, no
# SQLSTATE at all) or never will for this data: SQLSTATE class 22 (data
# exception: bad uuid, timestamp, JSON) and 23 (integrity: CHECK, foreign
# key, NOT NULL). Only permanent errors reject an event.
pub fn is_permanent(e :: String) -> Bool do
  let parts = String.split(e, "\t")
  if List.length(parts) == 5 do
    let state = List.head(parts)
    String.starts_with(state, "22") || String.starts_with(state, "23")
  else
    false
  end
end
