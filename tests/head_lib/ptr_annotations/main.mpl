# Code written against the reference annotates Query and Changeset values as
# `Ptr` (supplement 2); meshpy infers what a `Ptr` holds from its use.
fn active(q :: Ptr) -> Ptr do
  q |> Query.where(:status, "active")
end

fn recent(q :: Ptr, n :: Int) -> Ptr do
  q
    |> Query.order_by(:id, :desc)
    |> Query.limit(n)
end

fn required(cs :: Ptr) -> Ptr do
  Changeset.validate_required(cs, [:name])
end

fn names(rows :: List<Map<String, String>>) -> String do
  String.join(List.map(rows, fn r -> Map.get(r, "name") end), ",")
end

fn run(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "members", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT", "status:TEXT"])?
  Repo.execute_raw(pool, "INSERT INTO members (name, status) VALUES ('a', 'active'), ('b', 'gone'), ('c', 'active'), ('d', 'active')", [])?
  let q :: Ptr = Query.from("members") |> active() |> recent(2)
  println("recent active: ${names(Repo.all(pool, q)?)}")
  let blank = required(Changeset.cast(%{}, %{"name" => ""}, [:name]))
  println("blank: ${Changeset.get_error(blank, :name)}")
  case Repo.insert_changeset(pool, "members", required(Changeset.cast(%{}, %{"name" => "e", "status" => "new"}, [:name, :status]))) do
    Ok(row) -> println("inserted ${Map.get(row, "name")} ${Map.get(row, "status")}")
    Err(cs) -> println("rejected ${Changeset.errors(cs)}")
  end
  Ok(0)
end

fn main() do
  let url = case Env.get("DATABASE_URL") do
    Some(u) -> u
    None -> "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
  end
  case Pool.open(url, 1, 2, 5000) do
    Ok(pool) -> println("run: ${run(pool)}")
    Err(e) -> println("no database: ${e}")
  end
end
