# Json and Row derivations, JSON values, database code (typed, not run),
# Queue, Iter, Set, File and Env (checked only).
struct User do
  id :: Int
  name :: String
  email :: Option<String>
  score :: Float
  active :: Bool
end deriving(Json, Row)

struct Team do
  name :: String
  members :: List<User>
  meta :: Map<String, Int>
end deriving(Json)

type Event do
  Joined(String)
  Left(String, Int)
end deriving(Json, Eq, Display)

fn load_users(pool :: PoolHandle) -> List<User>!String do
  let rows = Pool.query(pool, "SELECT id, name, email, score, active FROM users WHERE id > $1", ["0"])?
  let users = List.map(rows, fn row -> User.from_row(row) end)
  let ok = List.filter(users, fn r -> case r do
    Ok(_) -> true
    Err(_) -> false
  end end)
  Ok(List.map(ok, fn r -> case r do
    Ok(u) -> u
    Err(_) -> User { id: 0, name: "", email: None, score: 0.0, active: false }
  end end))
end

fn save(pool :: PoolHandle, u :: User) -> Int!String do
  let n = Pool.execute(pool, "INSERT INTO users (id, name) VALUES ($1, $2)", [String.from(u.id), u.name])?
  Ok(n)
end

fn main() do
  let u = User { id: 1, name: "ann", email: Some("a@x"), score: 2.5, active: true }
  let team = Team { name: "core", members: [u], meta: %{"size" => 1} }
  println(Json.encode(team))
  println(JSON.encode(Joined("bob")))
  case Team.from_json(Json.encode(team)) do
    Ok(t) -> println(t.name)
    Err(e) -> println(e)
  end
  case JSON.parse("""{"a": 1}""") do
    Ok(_) -> println("parsed")
    Err(e) -> println(e)
  end
  println("${Left("x", 2)} ${Joined("y") == Joined("y")}")
  let q = Queue.push(Queue.push(Queue.new(), 1), 2)
  let (first, rest) = Queue.pop(q)
  println("${first} ${Queue.size(rest)}")
  let total = Iter.from([1, 2, 3]) |> Iter.map(fn x -> x * 10 end) |> Iter.reduce(0, fn a, b -> a + b end)
  println("${total} ${Set.size(Set.from_list([1, 1, 2]))}")
  case File.read("/nonexistent") do
    Ok(text) -> println(text)
    Err(_) -> println("no file")
  end
  let home = case Env.get("HOME") do
    Some(h) -> h
    None -> "?"
  end
  println(String.slice(home, 0, 1))
end
