# UserService: accounts, login sessions and organization memberships. Its
# state is the database pool; every call replies with the Result of the
# matching query function (login: of login_user, which checks the password
# and opens a session).

from Storage.Queries import create_user, authenticate_user, get_user, create_session, validate_session, delete_session, add_member, get_members
from Types.User import User

# Checks the password (bcrypt, in PostgreSQL) and returns a new session token.
fn login_user(pool :: PoolHandle, email :: String, password :: String) -> String!String do
  let user = authenticate_user(pool, email, password)?
  create_session(pool, user.id)
end

service UserService do
  fn init(pool :: PoolHandle) -> PoolHandle do
    pool
  end

  call Register(email :: String, password :: String, display_name :: String) do |pool|
    let result = create_user(pool, email, password, display_name)
    (pool, result)
  end

  call Login(email :: String, password :: String) do |pool|
    let result = login_user(pool, email, password)
    (pool, result)
  end

  call ValidateSession(token :: String) do |pool|
    let result = validate_session(pool, token)
    (pool, result)
  end

  call Logout(token :: String) do |pool|
    let result = delete_session(pool, token)
    (pool, result)
  end

  call GetUser(id :: String) do |pool|
    let result = get_user(pool, id)
    (pool, result)
  end

  call AddMember(user_id :: String, org_id :: String, role :: String) do |pool|
    let result = add_member(pool, user_id, org_id, role)
    (pool, result)
  end

  call GetMembers(org_id :: String) do |pool|
    let result = get_members(pool, org_id)
    (pool, result)
  end
end
