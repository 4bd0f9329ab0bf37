# Repo (supplement 6) on a Pool: CRUD, Query rendering, count/exists,
# where-writes, transactions, and the five-field statement errors.
fn sqlstate(e :: String) -> String do
  List.head(String.split(e, "\t"))
end

fn names(rows :: List<Map<String, String>>) -> String do
  String.join(List.map(rows, fn r -> Map.get(r, "name") end), ",")
end

fn active(q :: Query) -> Query do
  q |> Query.where_null(:left_at)
end

fn run(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "crew", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL UNIQUE", "rank:BIGINT", "left_at:TEXT"])?
  let ann = Repo.insert(pool, "crew", %{"name" => "Ann", "rank" => "3"})?
  println("inserted ${Map.get(ann, "id")} ${Map.get(ann, "name")} [${Map.get(ann, "left_at")}]")
  Repo.insert(pool, "crew", %{"name" => "Bo", "rank" => "5"})?
  Repo.insert(pool, "crew", %{"name" => "Cy", "rank" => "1", "left_at" => "2026-01-01"})?
  Repo.insert(pool, "crew", %{"name" => "Di", "rank" => "5"})?
  let got = Repo.get(pool, "crew", "2")?
  println("get 2: ${Map.get(got, "name")}")
  let by = Repo.get_by(pool, "crew", "name", "Di")?
  println("get_by name: ${Map.get(by, "id")}")
  let base = Query.from("crew") |> active()
  let ranked = base
    |> Query.where_op(:rank, :gte, "3")
    |> Query.order_by(:rank, :desc)
    |> Query.order_by(:name, :asc)
  println("all: ${names(Repo.all(pool, ranked)?)}")
  println("one: ${Map.get(Repo.one(pool, ranked)?, "name")}")
  println("limit/offset: ${names(Repo.all(pool, ranked |> Query.limit(1) |> Query.offset(1))?)}")
  println("count active: ${Repo.count(pool, base)?}")
  println("exists rank 9: ${Repo.exists(pool, base |> Query.where_op(:rank, :eq, "9"))?}")
  println("in: ${names(Repo.all(pool, Query.from("crew") |> Query.where_in(:name, ["Cy", "Ann"]) |> Query.order_by(:id, :asc))?)}")
  let raw = Repo.all(pool, Query.from("crew") |> Query.select_raw(["rank", "count(*) AS n"]) |> Query.group_by(:rank) |> Query.having("count(*) >", "1"))?
  println("groups: ${raw}")
  let up = Repo.update(pool, "crew", "1", %{"rank" => "4"})?
  println("update: ${Map.get(up, "rank")}")
  let moved = Repo.update_where(pool, "crew", %{"rank" => "6"}, Query.from("crew") |> Query.where_op(:name, :eq, "Bo"))?
  println("update_where: ${Map.get(moved, "name")} ${Map.get(moved, "rank")}")
  println("delete_where: ${Repo.delete_where(pool, "crew", Query.from("crew") |> Query.where_not_null(:left_at))?}")
  let gone = Repo.delete(pool, "crew", "4")?
  println("deleted ${Map.get(gone, "name")}")
  # a value is a parameter, never SQL text
  println("quote-safe: ${Repo.count(pool, Query.from("crew") |> Query.where_op(:name, :eq, "x' OR '1'='1"))?}")
  Ok(0)
end

fn errors(pool :: PoolHandle) do
  case Repo.get(pool, "crew", "99") do
    Ok(_) -> println("?")
    Err(e) -> println("missing: ${e}")
  end
  case Repo.insert(pool, "crew", %{"name" => "Ann"}) do
    Ok(_) -> println("?")
    Err(e) -> println("duplicate: ${String.replace(e, "\t", "|")}")
  end
  case Repo.query_raw(pool, "SELECT * FROM no_such_crew", []) do
    Ok(_) -> println("?")
    Err(e) -> println("no table: ${sqlstate(e)}")
  end
  case Repo.delete_where(pool, "crew", Query.from("crew")) do
    Ok(_) -> println("?")
    Err(e) -> println(e)
  end
end

fn insert_then_give_up(conn :: PgConn) -> Int!String do
  Pg.execute(conn, "INSERT INTO crew (name, rank) VALUES ($1, $2)", ["Fay", "2"])?
  Err("changed my mind")
end

fn repo_insert_then_give_up(pool :: PoolHandle) -> Int!String do
  Repo.insert(pool, "crew", %{"name" => "Gus", "rank" => "2"})?
  Err("not Gus either")
end

fn transactions(pool :: PoolHandle) do
  # Repo calls inside the transaction use its connection (as in Ecto)
  let ecto = Repo.transaction(pool, fn conn -> repo_insert_then_give_up(pool) end)
  println("repo inside rollback: ${ecto}")
  let kept_too = Repo.transaction(pool, fn conn -> Repo.insert(pool, "crew", %{"name" => "Hal", "rank" => "2"}) end)
  case kept_too do
    Ok(row) -> println("repo inside commit: ${Map.get(row, "name")}")
    Err(e) -> println(e)
  end
  let kept = Repo.transaction(pool, fn conn -> Pg.execute(conn, "INSERT INTO crew (name, rank) VALUES ($1, $2)", ["Ed", "2"]) end)
  println("commit: ${kept}")
  let undone = Repo.transaction(pool, insert_then_give_up)
  println("rollback: ${undone}")
  let rows = Repo.query_raw(pool, "SELECT name FROM crew WHERE rank = $1 ORDER BY name", ["2"])
  case rows do
    Ok(rs) -> println("rank 2: ${names(rs)}")
    Err(e) -> println(e)
  end
end

fn everything(pool :: PoolHandle) do
  case run(pool) do
    Ok(_) -> println("done")
    Err(e) -> println("failed: ${e}")
  end
  errors(pool)
  transactions(pool)
end

fn main() do
  let url = case Env.get("DATABASE_URL") do
    Some(u) -> u
    None -> "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
  end
  case Pool.open(url, 1, 2, 5000) do
    Ok(pool) -> everything(pool)
    Err(e) -> println("no database: ${e}")
  end
end
