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
  let rows = Pool.query(pool, "INSERT INTO api_keys (project_id, key_value, label) VALUES ($1::uuid, 'mshr_' || encode(gen_random_bytes(24), 'hex'), $2) RETURNING key_value", [project_id, label])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "key_value"))
  else
    Err("create_api_key: no key returned")
  end
end

# The project an active (not revoked) key belongs to.
pub fn get_project_by_api_key(pool :: PoolHandle, key_value :: String) -> Project!String do
  let rows = Pool.query(pool, "SELECT p.id::text, p.org_id::text, p.name, p.platform, p.created_at::text FROM api_keys k JOIN projects p ON p.id = k.project_id WHERE k.key_value = $1 AND k.revoked_at IS NULL", [key_value])?
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
  let rows = Pool.query(pool, "SELECT id::text, project_id::text, key_value, label, created_at::text, revoked_at::text FROM api_keys WHERE project_id = $1::uuid ORDER BY created_at, id", [project_id])?
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

# Stores a bcrypt hash of the password; returns the new user's id.
pub fn create_user(pool :: PoolHandle, email :: String, password :: String, display_name :: String) -> String!String do
  let rows = Pool.query(pool, "INSERT INTO users (email, password_hash, display_name) VALUES ($1, crypt($2, gen_salt('bf')), $3) RETURNING id::text", [email, password, display_name])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "id"))
  else
    Err("create_user: no id returned")
  end
end

# The user whose email and password match; Err("invalid credentials") else.
pub fn authenticate_user(pool :: PoolHandle, email :: String, password :: String) -> User!String do
  let rows = Pool.query(pool, "SELECT id::text, email, display_name, created_at::text FROM users WHERE email = $1 AND password_hash = crypt($2, password_hash)", [email, password])?
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

# A new session of the user, valid 7 days; returns its token.
pub fn create_session(pool :: PoolHandle, user_id :: String) -> String!String do
  let rows = Pool.query(pool, "INSERT INTO sessions (token, user_id) VALUES (encode(gen_random_bytes(32), 'hex'), $1::uuid) RETURNING token", [user_id])?
  if List.length(rows) > 0 do
    Ok(Map.get(List.head(rows), "token"))
  else
    Err("create_session: no token returned")
  end
end

# The session of an existing, unexpired token.
pub fn validate_session(pool :: PoolHandle, token :: String) -> Session!String do
  let rows = Pool.query(pool, "SELECT token, user_id::text, created_at::text, expires_at::text FROM sessions WHERE token = $1 AND expires_at > now()", [token])?
  if List.length(rows) > 0 do
    let row = List.head(rows)
    Ok(Session { token: Map.get(row, "token"), user_id: Map.get(row, "user_id"), created_at: Map.get(row, "created_at"), expires_at: Map.get(row, "expires_at") })
  else
    Err("invalid or expired session")
  end
end

# Number of sessions deleted (0 for an unknown token).
pub fn delete_session(pool :: PoolHandle, token :: String) -> Int!String do
  Pool.execute(pool, "DELETE FROM sessions WHERE token = $1", [token])
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
