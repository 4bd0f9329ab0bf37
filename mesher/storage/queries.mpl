# Query helpers for organizations, projects, API keys, users, sessions and
# memberships. Every non-text column is cast to text in SQL (id::text,
# created_at::text), so each struct field is the string the row map holds;
# NULL arrives as "". Lookups that find no row return Err("not found")
# (or a more specific message); server errors come back as Err(message).
# Passwords are bcrypt hashes made by pgcrypto; API keys are `mshr_` plus
# 48 random hex digits; session tokens are 64 random hex digits.

from Types.Project import Organization, Project, ApiKey
from Types.User import User, OrgMembership, Session

# --- Organizations ---

pub fn insert_org(pool :: PoolHandle, name :: String, slug :: String) -> String!String do
  let rows = Pool.query(pool, "INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id::text", [name, slug])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "id"))
  else
    Err("insert_org: no id returned")
  end
end

pub fn get_org(pool :: PoolHandle, id :: String) -> Organization!String do
  let rows = Pool.query(pool, "SELECT id::text, name, slug, created_at::text FROM organizations WHERE id = $1::uuid", [id])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(Organization { id: Map.get(row, "id"), name: Map.get(row, "name"), slug: Map.get(row, "slug"), created_at: Map.get(row, "created_at") })
  else
    Err("not found")
  end
end

pub fn list_orgs(pool :: PoolHandle) -> List<Organization>!String do
  let rows = Pool.query(pool, "SELECT id::text, name, slug, created_at::text FROM organizations ORDER BY created_at, id", [])?
  Ok(List.map(rows, fn(row) do
    Organization { id: Map.get(row, "id"), name: Map.get(row, "name"), slug: Map.get(row, "slug"), created_at: Map.get(row, "created_at") }
  end))
end

# --- Projects ---

pub fn insert_project(pool :: PoolHandle, org_id :: String, name :: String, platform :: String) -> String!String do
  let rows = Pool.query(pool, "INSERT INTO projects (org_id, name, platform) VALUES ($1::uuid, $2, NULLIF($3, '')) RETURNING id::text", [org_id, name, platform])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "id"))
  else
    Err("insert_project: no id returned")
  end
end

pub fn get_project(pool :: PoolHandle, id :: String) -> Project!String do
  let rows = Pool.query(pool, "SELECT id::text, org_id::text, name, platform, created_at::text FROM projects WHERE id = $1::uuid", [id])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(Project {
      id: Map.get(row, "id"),
      org_id: Map.get(row, "org_id"),
      name: Map.get(row, "name"),
      platform: Map.get(row, "platform"),
      created_at: Map.get(row, "created_at")
    })
  else
    Err("not found")
  end
end

pub fn list_projects_by_org(pool :: PoolHandle, org_id :: String) -> List<Project>!String do
  let rows = Pool.query(pool, "SELECT id::text, org_id::text, name, platform, created_at::text FROM projects WHERE org_id = $1::uuid ORDER BY created_at, id", [org_id])?
  Ok(List.map(rows, fn(row) do
    Project { id: Map.get(row, "id"), org_id: Map.get(row, "org_id"), name: Map.get(row, "name"), platform: Map.get(row, "platform"), created_at: Map.get(row, "created_at") }
  end))
end

# --- API keys ---

# Returns the new key's value (what an SDK sends).
pub fn create_api_key(pool :: PoolHandle, project_id :: String, label :: String) -> String!String do
  # Stored as its SHA-256 digest plus a display prefix; the key itself is
  # only in this function's result.
  let rows = Pool.query(pool, "WITH k AS (SELECT 'mshr_' || encode(gen_random_bytes(24), 'hex') AS v) INSERT INTO api_keys (project_id, key_value, key_prefix, label) SELECT $1::uuid, 'sha256:' || encode(sha256(convert_to(k.v, 'UTF8')), 'hex'), left(k.v, 13), $2 FROM k RETURNING (SELECT v FROM k) AS key_value", [project_id, label])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "key_value"))
  else
    Err("create_api_key: no key returned")
  end
end

# The project an active (not revoked) key belongs to.
pub fn get_project_by_api_key(pool :: PoolHandle, key_value :: String) -> Project!String do
  let rows = Pool.query(pool, "SELECT p.id::text, p.org_id::text, p.name, p.platform, p.created_at::text FROM api_keys k JOIN projects p ON p.id = k.project_id WHERE (k.key_value = 'sha256:' || encode(sha256(convert_to($1, 'UTF8')), 'hex') OR k.key_value = $1) AND k.revoked_at IS NULL", [key_value])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(Project { id: Map.get(row, "id"), org_id: Map.get(row, "org_id"), name: Map.get(row, "name"), platform: Map.get(row, "platform"), created_at: Map.get(row, "created_at") })
  else
    Err("not found")
  end
end

# Number of keys revoked (0 if the key was unknown or already revoked).
pub fn revoke_api_key(pool :: PoolHandle, key_id :: String) -> Int!String do
  Pool.execute(pool, "UPDATE api_keys SET revoked_at = now() WHERE id = $1::uuid AND revoked_at IS NULL", [key_id])
end

pub fn list_api_keys(pool :: PoolHandle, project_id :: String) -> List<ApiKey>!String do
  let rows = Pool.query(pool, "SELECT id::text, project_id::text, CASE WHEN key_value LIKE 'sha256:%' THEN key_prefix || '...' ELSE key_value END AS key_value, label, created_at::text, revoked_at::text FROM api_keys WHERE project_id = $1::uuid ORDER BY created_at, id", [project_id])?
  Ok(List.map(rows, fn(row) do
    let revoked = Map.get(row, "revoked_at")
    ApiKey {
      id: Map.get(row, "id"),
      project_id: Map.get(row, "project_id"),
      key_value: Map.get(row, "key_value"),
      label: Map.get(row, "label"),
      created_at: Map.get(row, "created_at"),
      revoked_at: if revoked == "" do None else Some(revoked) end
    }
  end))
end

# --- Users ---

# Passwords (issue 13): bcrypt at cost 12 (pgcrypto) of a SHA-256
# pre-hash, so that the whole password counts (bcrypt reads 72 bytes at
# most) and a long one costs no more; stored as `pre:<bcrypt hash>`. Hashes
# made before (`$2a$...` of the password itself) still verify. Passwords
# are 8..1024 characters; emails are trimmed and lower-cased.
fn prehash_sql(p :: String) -> String do
  "encode(sha256(convert_to(" <> p <> ", 'UTF8')), 'base64')"
end

fn check_password(password :: String) -> Int!String do
  let n = String.length(password)
  if n < 8 do Err("password too short (min 8 characters)") else if_short(n) end
end

fn if_short(n :: Int) -> Int!String do
  if n > 1024 do Err("password too long (max 1024 characters)") else Ok(n) end
end

# Stores the user; returns the new user's id.
pub fn create_user(pool :: PoolHandle, email :: String, password :: String, display_name :: String) -> String!String do
  check_password(password)?
  let rows = Pool.query(pool, "INSERT INTO users (email, password_hash, display_name) VALUES (lower(btrim($1)), 'pre:' || crypt(" <> prehash_sql("$2") <> ", gen_salt('bf', 12)), $3) RETURNING id::text", [email, password, display_name])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "id"))
  else
    Err("create_user: no id returned")
  end
end

# The user whose email and password match; Err("invalid credentials") else.
# An unknown email costs the same bcrypt work as a known one (a dummy hash
# of cost 12 is checked instead), so timing does not tell which emails exist.
pub fn authenticate_user(pool :: PoolHandle, email :: String, password :: String) -> User!String do
  let dummy = "'$2a$12$C6UzMDM.H6dfI/f/IKcEeO'"
  let hash = "CASE WHEN u.password_hash LIKE 'pre:%' THEN substr(u.password_hash, 5) ELSE COALESCE(u.password_hash, " <> dummy <> ") END"
  let given = "CASE WHEN u.password_hash LIKE 'pre:%' OR u.id IS NULL THEN " <> prehash_sql("$2") <> " ELSE $2 END"
  let checked = "SELECT u.id::text AS id, u.email, u.display_name, u.created_at::text AS created_at, " <> hash <> " AS stored, crypt(" <> given <> ", " <> hash <> ") AS computed FROM (SELECT lower(btrim($1)) AS e) AS q LEFT JOIN users u ON u.email = q.e"
  # MATERIALIZED: the hash is computed for the (one) row before the filter,
  # also when the LEFT JOIN found no user (the planner may not skip it).
  let rows = Pool.query(pool, "WITH c AS MATERIALIZED (" <> checked <> ") SELECT id, email, display_name, created_at FROM c WHERE id IS NOT NULL AND computed = stored", [email, password])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(User { id: Map.get(row, "id"), email: Map.get(row, "email"), display_name: Map.get(row, "display_name"), created_at: Map.get(row, "created_at") })
  else
    Err("invalid credentials")
  end
end

pub fn get_user(pool :: PoolHandle, id :: String) -> User!String do
  let rows = Pool.query(pool, "SELECT id::text, email, display_name, created_at::text FROM users WHERE id = $1::uuid", [id])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(User { id: Map.get(row, "id"), email: Map.get(row, "email"), display_name: Map.get(row, "display_name"), created_at: Map.get(row, "created_at") })
  else
    Err("not found")
  end
end

# --- Sessions ---

# Session tokens are stored as their SHA-256 digest (`sha256:<hex>`): the
# token itself exists only in the login answer and with the client.
fn token_digest_sql(t :: String) -> String do
  "'sha256:' || encode(sha256(convert_to(" <> t <> ", 'UTF8')), 'hex')"
end

# A new session of the user, valid 7 days; returns its token.
pub fn create_session(pool :: PoolHandle, user_id :: String) -> String!String do
  let rows = Pool.query(pool, "WITH t AS (SELECT encode(gen_random_bytes(32), 'hex') AS v) INSERT INTO sessions (token, user_id) SELECT " <> token_digest_sql("t.v") <> ", $1::uuid FROM t RETURNING (SELECT v FROM t) AS token", [user_id])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "token"))
  else
    Err("create_session: no token returned")
  end
end

# The session of an existing, unexpired token.
pub fn validate_session(pool :: PoolHandle, token :: String) -> Session!String do
  let rows = Pool.query(pool, "SELECT user_id::text, created_at::text, expires_at::text FROM sessions WHERE token = " <> token_digest_sql("$1") <> " AND expires_at > now()", [token])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(Session { token: token, user_id: Map.get(row, "user_id"), created_at: Map.get(row, "created_at"), expires_at: Map.get(row, "expires_at") })
  else
    Err("invalid or expired session")
  end
end

# Number of sessions deleted (0 for an unknown token).
pub fn delete_session(pool :: PoolHandle, token :: String) -> Int!String do
  Pool.execute(pool, "DELETE FROM sessions WHERE token = " <> token_digest_sql("$1"), [token])
end

# --- Memberships ---

# Returns the membership id; role is owner, admin or member.
pub fn add_member(pool :: PoolHandle, user_id :: String, org_id :: String, role :: String) -> String!String do
  let rows = Pool.query(pool, "INSERT INTO org_memberships (user_id, org_id, role) VALUES ($1::uuid, $2::uuid, $3) RETURNING id::text", [user_id, org_id, role])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "id"))
  else
    Err("add_member: no id returned")
  end
end

pub fn get_members(pool :: PoolHandle, org_id :: String) -> List<OrgMembership>!String do
  let rows = Pool.query(pool, "SELECT id::text, user_id::text, org_id::text, role, joined_at::text FROM org_memberships WHERE org_id = $1::uuid ORDER BY joined_at, id", [org_id])?
  Ok(List.map(rows, fn(row) do
    OrgMembership { id: Map.get(row, "id"), user_id: Map.get(row, "user_id"), org_id: Map.get(row, "org_id"), role: Map.get(row, "role"), joined_at: Map.get(row, "joined_at") }
  end))
end
