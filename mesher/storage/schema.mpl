# Database schema of Mesher: extensions, tables, indexes and the daily
# partitions of the events table. Every statement is idempotent (IF NOT
# EXISTS, ADD COLUMN IF NOT EXISTS, or a guarded DO block), so create_schema
# runs at every start and also upgrades a foundation-era database; the first
# failing statement stops it (`?`) and its error is returned. All schema SQL
# lives in this module so that it can become a migration later; the version
# is recorded in _mesh_migrations as the upstream migration runner does.
#
# PostgreSQL 13 to 17 have no built-in uuidv7() (PostgreSQL 18 has
# pg_catalog.uuidv7). The DO block defines a SQL uuidv7() in the current
# schema only when the name does not resolve yet: 48-bit Unix time in ms,
# version 7, 12 bits of sub-millisecond time (ids of one session sort in
# creation order), variant 10 and 62 random bits taken from
# gen_random_uuid() (built in since PostgreSQL 13, so it resolves whatever
# schema pgcrypto lives in). On 18 to_regprocedure finds the built-in and
# nothing is created; pg_catalog is searched first, so a leftover user
# uuidv7 could not shadow the built-in either.

pub fn create_schema(pool :: PoolHandle) -> Int!String do
  Pool.execute(pool, "CREATE EXTENSION IF NOT EXISTS pgcrypto", [])?
  Pool.execute(pool, "DO $do$ BEGIN IF to_regprocedure('uuidv7()') IS NULL THEN CREATE FUNCTION uuidv7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $fn$ SELECT encode(substring(int8send(s.ms) FROM 3) || int2send((28672 | s.sub)::smallint) || s.r, 'hex')::uuid FROM (SELECT floor(t.e * 1000)::bigint AS ms, floor((t.e * 1000 - floor(t.e * 1000)) * 4096)::int AS sub, substring(uuid_send(gen_random_uuid()) FROM 9) AS r FROM (SELECT extract(epoch FROM clock_timestamp()) AS e) AS t) AS s $fn$; END IF; END $do$", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS organizations (id UUID PRIMARY KEY DEFAULT uuidv7(), name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS users (id UUID PRIMARY KEY DEFAULT uuidv7(), email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, display_name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS org_memberships (id UUID PRIMARY KEY DEFAULT uuidv7(), user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE, org_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')), joined_at TIMESTAMPTZ NOT NULL DEFAULT now(), UNIQUE (user_id, org_id))", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), expires_at TIMESTAMPTZ NOT NULL DEFAULT now() + interval '7 days')", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS projects (id UUID PRIMARY KEY DEFAULT uuidv7(), org_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, name TEXT NOT NULL, platform TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS api_keys (id UUID PRIMARY KEY DEFAULT uuidv7(), project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE, key_value TEXT NOT NULL UNIQUE, label TEXT NOT NULL DEFAULT 'default', created_at TIMESTAMPTZ NOT NULL DEFAULT now(), revoked_at TIMESTAMPTZ)", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS issues (id UUID PRIMARY KEY DEFAULT uuidv7(), project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE, fingerprint TEXT NOT NULL, title TEXT NOT NULL, level TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'unresolved' CONSTRAINT issues_status_valid CHECK (status IN ('unresolved', 'resolved', 'archived', 'discarded')), event_count INTEGER NOT NULL DEFAULT 0, first_seen TIMESTAMPTZ NOT NULL DEFAULT now(), last_seen TIMESTAMPTZ NOT NULL DEFAULT now(), assigned_to UUID REFERENCES users (id) ON DELETE SET NULL, UNIQUE (project_id, fingerprint))", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS events (id UUID NOT NULL DEFAULT uuidv7(), project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE, issue_id UUID, level TEXT NOT NULL CHECK (level IN ('fatal', 'error', 'warning', 'info', 'debug')), message TEXT NOT NULL, fingerprint TEXT NOT NULL, exception JSONB, stacktrace JSONB, breadcrumbs JSONB, tags JSONB NOT NULL DEFAULT '{}', extra JSONB NOT NULL DEFAULT '{}', user_context JSONB, sdk_name TEXT, sdk_version TEXT, received_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (id, received_at)) PARTITION BY RANGE (received_at)", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS alert_rules (id UUID PRIMARY KEY DEFAULT uuidv7(), project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE, name TEXT NOT NULL, condition_json JSONB NOT NULL DEFAULT '{}', action_json JSONB NOT NULL DEFAULT '{}', enabled BOOLEAN NOT NULL DEFAULT true, created_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])?
  upgrade_columns(pool)?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS alerts (id UUID PRIMARY KEY DEFAULT uuidv7(), rule_id UUID NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE, project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE, status TEXT NOT NULL DEFAULT 'active', message TEXT NOT NULL, condition_snapshot JSONB NOT NULL, triggered_at TIMESTAMPTZ NOT NULL DEFAULT now(), acknowledged_at TIMESTAMPTZ, resolved_at TIMESTAMPTZ)", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS events_default PARTITION OF events DEFAULT", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_projects_org_id ON projects (org_id)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_api_keys_project_id ON api_keys (project_id)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_api_keys_active ON api_keys (key_value) WHERE revoked_at IS NULL", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_org_memberships_org_id ON org_memberships (org_id)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_sessions_user_id ON sessions (user_id)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_sessions_expires_at ON sessions (expires_at)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_issues_project_status ON issues (project_id, status)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_issues_project_last_seen ON issues (project_id, last_seen DESC)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_issues_assigned_to ON issues (assigned_to) WHERE assigned_to IS NOT NULL", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_events_project_received ON events (project_id, received_at DESC)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_events_issue_received ON events (issue_id, received_at DESC)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_events_fingerprint ON events (project_id, fingerprint)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_events_level ON events (project_id, level, received_at DESC)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_events_tags ON events USING GIN (tags jsonb_path_ops)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_alert_rules_project_id ON alert_rules (project_id) WHERE enabled", [])?
  Pool.execute(pool, "CREATE UNIQUE INDEX IF NOT EXISTS idx_projects_slug ON projects (slug) WHERE slug IS NOT NULL", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_alerts_project_status ON alerts (project_id, status)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_alerts_rule ON alerts (rule_id)", [])?
  Pool.execute(pool, "CREATE INDEX IF NOT EXISTS idx_alerts_triggered ON alerts (triggered_at DESC)", [])?
  Pool.execute(pool, "CREATE TABLE IF NOT EXISTS _mesh_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])?
  Pool.execute(pool, "INSERT INTO _mesh_migrations (version, name) VALUES (20260216120000, 'create_initial_schema') ON CONFLICT (version) DO NOTHING", [])?
  Ok(0)
end

# Columns and constraints added after the foundation phase: a database
# created by the foundation mesher gets them here, a new one already has
# them (ADD COLUMN IF NOT EXISTS is a no-op then).
fn upgrade_columns(pool :: PoolHandle) -> Int!String do
  Pool.execute(pool, "ALTER TABLE projects ADD COLUMN IF NOT EXISTS slug TEXT, ADD COLUMN IF NOT EXISTS retention_days INTEGER NOT NULL DEFAULT 90, ADD COLUMN IF NOT EXISTS sample_rate REAL NOT NULL DEFAULT 1.0", [])?
  Pool.execute(pool, "ALTER TABLE alert_rules ADD COLUMN IF NOT EXISTS cooldown_minutes INTEGER NOT NULL DEFAULT 60, ADD COLUMN IF NOT EXISTS last_fired_at TIMESTAMPTZ", [])?
  Pool.execute(pool, "ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS key_prefix TEXT", [])?
  Pool.execute(pool, "ALTER TABLE issues DROP CONSTRAINT IF EXISTS issues_status_check", [])?
  Pool.execute(pool, "DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'issues_status_valid') THEN ALTER TABLE issues ADD CONSTRAINT issues_status_valid CHECK (status IN ('unresolved', 'resolved', 'archived', 'discarded')); END IF; END $do$", [])?
  add_length_limits(pool)
end

# A length limit on every text field a client can set (a violation is
# SQLSTATE 23514, which the routes answer with 400). NOT VALID: rows of an
# older database are not re-checked, new and updated rows are.
fn add_length_limits(pool :: PoolHandle) -> Int!String do
  let limits = "('organizations', 'name', 200), ('organizations', 'slug', 100), ('users', 'email', 254), ('users', 'display_name', 200), ('projects', 'name', 200), ('projects', 'slug', 100), ('projects', 'platform', 64), ('api_keys', 'label', 200), ('alert_rules', 'name', 200), ('issues', 'fingerprint', 1000), ('issues', 'title', 10000), ('events', 'message', 10000), ('events', 'sdk_name', 200), ('events', 'sdk_version', 100)"
  Pool.execute(pool, "DO $do$ DECLARE r record; BEGIN FOR r IN SELECT * FROM (VALUES " <> limits <> ") AS l(t, c, n) LOOP IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = r.t || '_' || r.c || '_len') THEN EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (char_length(%I) <= %s) NOT VALID', r.t, r.t || '_' || r.c || '_len', r.c, r.n); END IF; END LOOP; END $do$", [])
end

# The daily partitions whose whole day is older than the longest
# retention_days of any project (at least 90 days, upstream's constant).
pub fn expired_partitions(pool :: PoolHandle) -> List<String>!String do
  let rows = Pool.query(pool, "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$' AND to_date(substring(c.relname FROM 8), 'YYYYMMDD') < current_date - (SELECT GREATEST(90, COALESCE(max(retention_days), 90)) FROM projects) ORDER BY 1", [])?
  Ok(List.map(rows, fn(row) do Map.get(row, "name") end))
end

# Drops one partition found by expired_partitions (a name from pg_class
# matching events_ + 8 digits, never user input).
pub fn drop_partition(pool :: PoolHandle, name :: String) -> Int!String do
  Pool.execute(pool, "DROP TABLE IF EXISTS " <> name, [])
end

# The partition events_YYYYMMDD holds the events received on that day
# (server time zone): [date, date + 1 day). date_str comes from to_char,
# never from user input (DDL takes no parameters).
pub fn create_partition(pool :: PoolHandle, date_str :: String) -> Int!String do
  let sql = "CREATE TABLE IF NOT EXISTS events_" <> date_str <> " PARTITION OF events FOR VALUES FROM ('" <> date_str <> "'::date) TO ('" <> date_str <> "'::date + 1)"
  Pool.execute(pool, sql, [])
end

fn create_partitions_loop(pool :: PoolHandle, days :: Int, i :: Int) -> Int!String do
  if i < days do
    let rows = Pool.query(pool, "SELECT to_char(now() + ($1 || ' days')::interval, 'YYYYMMDD') AS d", [String.from(i)])?
    let date_str = Map.get(List.head(rows), "d")
    create_partition(pool, date_str)?
    create_partitions_loop(pool, days, i + 1)
  else
    Ok(days)
  end
end

# Partitions for today and the next days - 1 days.
pub fn create_partitions_ahead(pool :: PoolHandle, days :: Int) -> Int!String do
  create_partitions_loop(pool, days, 0)
end
