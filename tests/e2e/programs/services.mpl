# e2e: every call of OrgService, ProjectService and UserService against a
# fresh database (MESHER_DB_URL). Prints one line per observation; the
# pytest side asserts on them and on the rows left in the database.

from Storage.Errors import db_message
from Storage.Schema import create_schema, create_partitions_ahead
from Storage.Queries import list_api_keys
from Services.Org import OrgService
from Services.Project import ProjectService
from Services.User import UserService
from Types.Project import Organization, Project, ApiKey
from Types.User import User, OrgMembership, Session

fn db_url() -> String do
  let url = Env.get("MESHER_DB_URL")
  case url do
    Some(u) -> u
    None -> "postgres://mesh:mesh@localhost:5432/mesher"
  end
end

fn show_err(label :: String, r) -> String do
  case r do
    Ok(_) -> label <> ": Ok"
    Err(e) -> label <> ": Err(" <> db_message(e) <> ")"
  end
end

fn show_revoked(k :: ApiKey) -> String do
  case k.revoked_at do
    Some(_) -> "revoked"
    None -> "active"
  end
end

fn check_orgs(orgs) -> String!String do
  let acme = OrgService.create_org(orgs, "Acme Corp", "acme")?
  println("org created " <> acme)
  let org = OrgService.get_org(orgs, acme)?
  println("org get " <> org.name <> " " <> org.slug <> " same_id=" <> String.from(org.id == acme))
  let globex = OrgService.create_org(orgs, "Globex", "globex")?
  let all = OrgService.list_orgs(orgs)?
  println("org list " <> String.join(List.map(all, fn(o) do o.slug end), ","))
  let missing = OrgService.get_org(orgs, "0190a000-0000-7000-8000-000000000000")
  println(show_err("org get unknown", missing))
  Ok(acme <> " " <> globex)
end

fn check_projects(projects, pool :: PoolHandle, acme :: String, globex :: String) -> String!String do
  let backend = ProjectService.create_project(projects, acme, "Backend", "python")?
  let frontend = ProjectService.create_project(projects, acme, "Frontend", "")?
  let other = ProjectService.create_project(projects, globex, "Other", "go")?
  println("projects created " <> backend <> " " <> frontend <> " " <> other)
  let p = ProjectService.get_project(projects, backend)?
  println("project get " <> p.name <> " platform=" <> p.platform <> " org_ok=" <> String.from(p.org_id == acme))
  let f = ProjectService.get_project(projects, frontend)?
  println("project get " <> f.name <> " platform=[" <> f.platform <> "]")
  let of_acme = ProjectService.list_projects_by_org(projects, acme)?
  println("projects of acme " <> String.join(List.map(of_acme, fn(x) do x.name end), ","))
  let of_globex = ProjectService.list_projects_by_org(projects, globex)?
  println("projects of globex " <> String.join(List.map(of_globex, fn(x) do x.name end), ","))
  Ok(backend)
end

fn check_api_keys(projects, pool :: PoolHandle, backend :: String) -> String!String do
  let key = ProjectService.create_api_key(projects, backend, "ci")?
  println("api key " <> key)
  let found = ProjectService.get_project_by_api_key(projects, key)?
  println("project by key " <> found.name <> " id_ok=" <> String.from(found.id == backend))
  let keys = list_api_keys(pool, backend)?
  let k = List.head(keys)
  println("key " <> k.label <> " " <> show_revoked(k))
  let n = ProjectService.revoke_api_key(projects, k.id)?
  println("revoked " <> String.from(n))
  let again = ProjectService.get_project_by_api_key(projects, key)
  println(show_err("project by revoked key", again))
  let n2 = ProjectService.revoke_api_key(projects, k.id)?
  println("revoked again " <> String.from(n2))
  let keys2 = list_api_keys(pool, backend)?
  println("key " <> List.head(keys2).label <> " " <> show_revoked(List.head(keys2)))
  Ok(key)
end

fn check_users(users, acme :: String) -> String!String do
  let ada = UserService.register(users, "ada@example.com", "correct horse battery", "Ada Lovelace")?
  println("registered " <> ada)
  let u = UserService.get_user(users, ada)?
  println("user " <> u.email <> " " <> u.display_name)
  let dup = UserService.register(users, "ada@example.com", "other password", "Ada Again")
  println(show_err("register duplicate email", dup))
  let token = UserService.login(users, "ada@example.com", "correct horse battery")?
  println("login token " <> token)
  let s = UserService.validate_session(users, token)?
  println("session valid user_ok=" <> String.from(s.user_id == ada))
  let wrong = UserService.login(users, "ada@example.com", "wrong password")
  println(show_err("login wrong password", wrong))
  let nobody = UserService.login(users, "nobody@example.com", "correct horse battery")
  println(show_err("login unknown email", nobody))
  let n = UserService.logout(users, token)?
  println("logout " <> String.from(n))
  let gone = UserService.validate_session(users, token)
  println(show_err("session after logout", gone))
  let bob = UserService.register(users, "bob@example.com", "hunter2 hunter2", "Bob")?
  let m1 = UserService.add_member(users, ada, acme, "owner")?
  let m2 = UserService.add_member(users, bob, acme, "member")?
  println("members added " <> m1 <> " " <> m2)
  let members = UserService.get_members(users, acme)?
  println("members " <> String.join(List.map(members, fn(m) do m.role end), ","))
  let twice = UserService.add_member(users, bob, acme, "admin")
  println(show_err("add member twice", twice))
  Ok(ada)
end

fn run(pool :: PoolHandle) -> String!String do
  create_schema(pool)?
  create_partitions_ahead(pool, 7)?
  let orgs = OrgService.start(pool)
  let projects = ProjectService.start(pool)
  let users = UserService.start(pool)
  let ids = check_orgs(orgs)?
  let parts = String.split(ids, " ")
  let acme = List.get(parts, 0)
  let backend = check_projects(projects, pool, acme, List.get(parts, 1))?
  check_api_keys(projects, pool, backend)?
  check_users(users, acme)?
  Ok("done")
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 5000)
  case opened do
    Ok(pool) -> println(show_err("run", run(pool)))
    Err(e) -> println("pool error " <> e)
  end
end
