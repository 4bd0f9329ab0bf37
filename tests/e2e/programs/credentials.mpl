# e2e: the credential rules of issue 13 through UserService and the query
# functions. Prints one line per check; then serves timing probes: each
# stdin line "known" or "unknown" makes one failed login (a wrong password
# for an existing email, or an email nobody has) and prints "done"; "quit"
# ends the program.

from Testkit import db_url, show_result
from Storage.Schema import create_schema
from Storage.Errors import db_message
from Services.User import UserService

fn show(label :: String, r) -> String do
  case r do
    Ok(_) -> label <> ": Ok"
    Err(e) -> label <> ": Err(" <> db_message(e) <> ")"
  end
end

fn repeat(s :: String, n :: Int) -> String do
  if n <= 0 do "" else s <> repeat(s, n - 1) end
end

fn first(pool :: PoolHandle, sql :: String, params :: List<String>) -> String do
  case Pool.query(pool, sql, params) do
    Ok(rows) -> if List.length(rows) > 0 do Map.get(List.head(rows), "v") else "none" end
    Err(e) -> "error " <> e
  end
end

fn checks(pool :: PoolHandle, users) -> String!String do
  create_schema(pool)?
  println(show("short password", UserService.register(users, "s@example.com", "short", "S")))
  println(show("long password", UserService.register(users, "l@example.com", repeat("x", 1025), "L")))
  println(show("long display name", UserService.register(users, "d@example.com", "password ok", repeat("n", 201))))
  println(show("long email", UserService.register(users, repeat("e", 250) <> "@x.io", "password ok", "E")))
  let id = UserService.register(users, "  Ada@Example.COM ", "correct horse battery", "Ada")?
  println("stored email " <> first(pool, "SELECT email AS v FROM users WHERE id = $1::uuid", [id]))
  println("hash prefix " <> first(pool, "SELECT substr(password_hash, 1, 11) AS v FROM users WHERE id = $1::uuid", [id]))
  println(show("login other case", UserService.login(users, "ADA@example.com", "correct horse battery")))
  # 100 characters: the first 72 alone must not be enough
  let long = repeat("a", 72) <> repeat("X", 28)
  UserService.register(users, "long@example.com", long, "Long")?
  println(show("login long", UserService.login(users, "long@example.com", long)))
  println(show("login long, other tail", UserService.login(users, "long@example.com", repeat("a", 72) <> repeat("Y", 28))))
  let token = UserService.login(users, "ada@example.com", "correct horse battery")?
  println("token length " <> String.from(String.length(token)))
  println("sessions holding the token " <> first(pool, "SELECT count(*)::text AS v FROM sessions WHERE token = $1", [token]))
  println("sessions holding its digest " <> first(pool, "SELECT count(*)::text AS v FROM sessions WHERE token = 'sha256:' || encode(sha256(convert_to($1, 'UTF8')), 'hex')", [token]))
  println(show("session valid", UserService.validate_session(users, token)))
  println(show("logout", UserService.logout(users, token)))
  println(show("session after logout", UserService.validate_session(users, token)))
  Ok("checked")
end

fn probes(users) -> Int do
  case IO.read_line() do
    Ok(line) -> probe(users, String.trim(line))
    Err(_) -> 0
  end
end

fn probe(users, what :: String) -> Int do
  if what == "quit" do
    0
  else
    let email = if what == "known" do "ada@example.com" else "nobody@example.com" end
    let _ = UserService.login(users, email, "wrong password")
    println("done")
    probes(users)
  end
end

fn main() do
  case Pool.open(db_url(), 1, 4, 5000) do
    Ok(pool) -> run(pool)
    Err(e) -> failed(e)
  end
end

fn failed(e :: String) -> Int do
  println("pool error " <> e)
  0
end

fn run(pool :: PoolHandle) do
  let users = UserService.start(pool)
  println(show_result("checks", checks(pool, users)))
  println("ready for probes")
  probes(users)
end
