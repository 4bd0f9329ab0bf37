# Team (contract 3.6) and API-key (3.7) routes. :org_id is an organization
# UUID or slug; role changes and removals only touch memberships of that
# organization. Roles are owner, admin or member.

from Config import hash_api_keys
from Api.Helpers import Ctx, json_resp, error_resp, affected_resp, db_error, with_org, with_project, with_uuid, json_query, action, is_uuid, limiter_pid
from Services.RateLimiter import RateLimiter

fn roles() -> List<String> do
  ["owner", "admin", "member"]
end

pub fn list_members(ctx :: Ctx, req :: Request) -> Response do
  with_org(ctx, req, fn(org_id) do
    let sql = "SELECT COALESCE(json_agg(json_build_object('id', m.id::text, 'user_id', m.user_id::text, 'email', u.email, 'display_name', u.display_name, 'role', m.role, 'joined_at', m.joined_at::text) ORDER BY m.joined_at, m.id), '[]')::text AS j FROM org_memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1::uuid"
    json_query(ctx.pool, sql, [org_id], "")
  end)
end

# Body {"user_id", "role"}: the two fields as text ('' when absent).
fn body_fields(pool :: PoolHandle, body :: String, a :: String, b :: String) -> Map<String, String>!String do
  let rows = Pool.query(pool, "SELECT COALESCE(j->>$2, '') AS a, COALESCE(j->>$3, '') AS b FROM (SELECT COALESCE(NULLIF($1, '')::jsonb, '{}'::jsonb) AS j) AS s", [body, a, b])?
  Ok(List.head(rows))
end

pub fn add_member(ctx :: Ctx, req :: Request) -> Response do
  with_org(ctx, req, fn(org_id) do
    case body_fields(ctx.pool, Request.body(req), "user_id", "role") do
      Ok(f) -> insert_member(ctx, org_id, Map.get(f, "a"), Map.get(f, "b"))
      Err(e) -> db_error(e)
    end
  end)
end

fn insert_member(ctx :: Ctx, org_id :: String, user_id :: String, raw_role :: String) -> Response do
  let role = if raw_role == "" do "member" else raw_role end
  if user_id == "" do
    error_resp(400, "user_id is required")
  else
    if !is_uuid(user_id) do
      error_resp(400, "invalid user_id")
    else
      if List.contains(roles(), role) do insert_member_row(ctx, org_id, user_id, role) else error_resp(400, "invalid role: must be owner, admin or member") end
    end
  end
end

fn insert_member_row(ctx :: Ctx, org_id :: String, user_id :: String, role :: String) -> Response do
  case Pool.query(ctx.pool, "INSERT INTO org_memberships (user_id, org_id, role) VALUES ($1::uuid, $2::uuid, $3) RETURNING json_build_object('id', id::text)::text AS j", [user_id, org_id, role]) do
    Ok(rows) -> json_resp(201, Map.get(List.head(rows), "j"))
    Err(e) -> db_error(e)
  end
end

# An invalid role updates nothing (affected 0), as upstream.
pub fn update_role(ctx :: Ctx, req :: Request) -> Response do
  with_org(ctx, req, fn(org_id) do
    with_uuid(req, "membership_id", fn(mid) do
      action(ctx.pool, "UPDATE org_memberships SET role = COALESCE(NULLIF($3, '')::jsonb, '{}'::jsonb)->>'role' WHERE id = $1::uuid AND org_id = $2::uuid AND COALESCE(NULLIF($3, '')::jsonb, '{}'::jsonb)->>'role' IN ('owner', 'admin', 'member')", [mid, org_id, Request.body(req)])
    end)
  end)
end

pub fn remove_member(ctx :: Ctx, req :: Request) -> Response do
  with_org(ctx, req, fn(org_id) do
    with_uuid(req, "membership_id", fn(mid) do
      action(ctx.pool, "DELETE FROM org_memberships WHERE id = $1::uuid AND org_id = $2::uuid", [mid, org_id])
    end)
  end)
end

# --- API keys ---

pub fn list_keys(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let sql = "SELECT COALESCE(json_agg(json_build_object('id', id::text, 'project_id', project_id::text, 'key_value', CASE WHEN key_value LIKE 'sha256:%' THEN key_prefix || '...' ELSE key_value END, 'label', label, 'created_at', created_at::text, 'revoked_at', revoked_at::text) ORDER BY created_at DESC, id DESC), '[]')::text AS j FROM api_keys WHERE project_id = $1::uuid"
    json_query(ctx.pool, sql, [project_id], "")
  end)
end

# The full key is only in this response: the table keeps
# `sha256:<hex digest>` and a display prefix instead of the key (lists show
# `mshr_12345678...`); with MESHER_HASH_API_KEYS=0 the key itself, as
# upstream. A label over 200 characters is refused by the table (400).
pub fn create_key(ctx :: Ctx, req :: Request) -> Response do
  with_project(ctx, req, fn(project_id) do
    let stored = "CASE WHEN $3 = 'hash' THEN 'sha256:' || encode(sha256(convert_to(k.v, 'UTF8')), 'hex') ELSE k.v END"
    let label = "COALESCE(NULLIF(COALESCE(NULLIF($2, '')::jsonb, '{}'::jsonb)->>'label', ''), 'default')"
    let sql = "WITH k AS (SELECT 'mshr_' || encode(gen_random_bytes(24), 'hex') AS v) INSERT INTO api_keys (project_id, key_value, key_prefix, label) SELECT $1::uuid, " <> stored <> ", left(k.v, 13), " <> label <> " FROM k RETURNING json_build_object('key_value', (SELECT v FROM k), 'id', id::text)::text AS j"
    let mode = if hash_api_keys() do "hash" else "plain" end
    case Pool.query(ctx.pool, sql, [project_id, Request.body(req), mode]) do
      Ok(rows) -> json_resp(201, Map.get(List.head(rows), "j"))
      Err(e) -> db_error(e)
    end
  end)
end

# A key is revoked once: revoking again keeps the first revoked_at. The
# rate limiter forgets the keys it remembers (Services.RateLimiter) before
# the answer goes out, so the key's next request is refused.
pub fn revoke_key(ctx :: Ctx, req :: Request) -> Response do
  with_uuid(req, "key_id", fn(key_id) do
    let r = action(ctx.pool, "UPDATE api_keys SET revoked_at = now() WHERE id = $1::uuid AND revoked_at IS NULL", [key_id])
    RateLimiter.forget(limiter_pid(ctx))
    r
  end)
end

# --- Organizations and projects (not in upstream's API, which had no way
# to create them over HTTP; needed to get an API key without SQL) ---

# Body {"name", "slug"}: 201 {"id", "slug"}; a taken slug is 409.
pub fn create_org(ctx :: Ctx, req :: Request) -> Response do
  let sql = "INSERT INTO organizations (name, slug) SELECT b->>'name', b->>'slug' FROM (SELECT COALESCE(NULLIF($1, '')::jsonb, '{}'::jsonb) AS b) AS s WHERE COALESCE(b->>'name', '') <> '' AND COALESCE(b->>'slug', '') ~ '^[a-z0-9][a-z0-9-]*$' AND length(b->>'slug') <> 36 RETURNING json_build_object('id', id::text, 'slug', slug)::text AS j"
  created(ctx.pool, sql, [Request.body(req)], "name and slug (lower-case letters, digits, -) are required")
end

# Body {"name", "slug", "platform"}: 201 {"id", "slug"}.
pub fn create_project(ctx :: Ctx, req :: Request) -> Response do
  with_org(ctx, req, fn(org_id) do
    let sql = "INSERT INTO projects (org_id, name, slug, platform) SELECT $1::uuid, b->>'name', b->>'slug', b->>'platform' FROM (SELECT COALESCE(NULLIF($2, '')::jsonb, '{}'::jsonb) AS b) AS s WHERE COALESCE(b->>'name', '') <> '' AND COALESCE(b->>'slug', '') ~ '^[a-z0-9][a-z0-9-]*$' AND length(b->>'slug') <> 36 RETURNING json_build_object('id', id::text, 'slug', slug)::text AS j"
    created(ctx.pool, sql, [org_id, Request.body(req)], "name and slug (lower-case letters, digits, -) are required")
  end)
end

fn created(pool :: PoolHandle, sql :: String, params :: List<String>, invalid :: String) -> Response do
  case Pool.query(pool, sql, params) do
    Ok(rows) -> if List.length(rows) > 0 do json_resp(201, Map.get(List.head(rows), "j")) else error_resp(400, invalid) end
    Err(e) -> db_error(e)
  end
end
