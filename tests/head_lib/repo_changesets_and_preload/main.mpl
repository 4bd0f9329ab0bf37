# Repo.insert_changeset / update_changeset (supplement 7.2) and Repo.preload (6).
fn schema(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "authors", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL", "email:TEXT"])?
  Migration.create_index(pool, "authors", ["email"], "unique: true")?
  Migration.add_column(pool, "authors", "handle:TEXT:UNIQUE")?
  Migration.create_table(pool, "posts", ["id:BIGSERIAL:PRIMARY KEY", "author_id:BIGINT:REFERENCES authors(id)", "title:TEXT:NOT NULL"])?
  Migration.create_table(pool, "comments", ["id:BIGSERIAL:PRIMARY KEY", "post_id:BIGINT", "body:TEXT"])
end

fn author(params :: Map<String, String>) -> Changeset do
  Changeset.cast_with_types(%{}, params, [:name, :email], ["name:TEXT", "email:TEXT"])
    |> Changeset.validate_required([:name])
    |> Changeset.validate_format(:email, "@")
end

fn show(label :: String, r :: Result<Map<String, String>, Changeset>) do
  case r do
    Ok(row) -> println("${label}: ok ${Map.get(row, "id")} ${Map.get(row, "name")}")
    Err(cs) -> println("${label}: ${Changeset.errors(cs)}")
  end
end

fn post(pool :: PoolHandle, author_id :: String, title :: String) -> Int!String do
  Repo.execute_raw(pool, "INSERT INTO posts (author_id, title) VALUES ($1, $2)", [author_id, title])
end

fn data(pool :: PoolHandle) -> Int!String do
  post(pool, "1", "First")?
  post(pool, "1", "Second")?
  Repo.execute_raw(pool, "INSERT INTO comments (post_id, body) VALUES (1, 'nice'), (1, 'agreed')", [])
end

fn preload(pool :: PoolHandle) -> Int!String do
  let meta = ["has_many:posts:Post:author_id:posts", "belongs_to:author:Author:author_id:authors", "has_many:comments:Comment:post_id:comments"]
  let authors = Repo.all(pool, Query.from("authors") |> Query.order_by(:id, :asc))?
  let loaded = Repo.preload(pool, authors, ["posts", "posts.comments"], meta)?
  println("${loaded}")
  let posts = Repo.all(pool, Query.from("posts") |> Query.select(["id", "author_id", "title"]) |> Query.order_by(:id, :asc))?
  let with_author = Repo.preload(pool, posts, ["author"], meta)?
  println("${with_author}")
  case Repo.preload(pool, posts, ["editor"], meta) do
    Ok(_) -> println("?")
    Err(e) -> println(e)
  end
  Ok(0)
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

fn everything(pool :: PoolHandle) do
  println("schema: ${schema(pool)}")
  show("good", Repo.insert_changeset(pool, "authors", author(%{"name" => "Ann", "email" => "ann@x", "role" => "admin"})))
  show("invalid", Repo.insert_changeset(pool, "authors", author(%{"name" => "", "email" => "bo"})))
  show("empty", Repo.insert_changeset(pool, "authors", author(%{})))
  show("taken", Repo.insert_changeset(pool, "authors", author(%{"name" => "Other", "email" => "ann@x"})))
  Repo.execute_raw(pool, "UPDATE authors SET handle = 'ann'", [])
  let h = Changeset.cast_with_types(%{}, %{"name" => "Ann 2", "handle" => "ann"}, [:name, :handle], [])
  show("taken handle", Repo.insert_changeset(pool, "authors", h))
  show("update", Repo.update_changeset(pool, "authors", "1", author(%{"name" => "Anna"})))
  show("update missing", Repo.update_changeset(pool, "authors", "42", author(%{"name" => "Nobody"})))
  println("rows: ${Repo.query_raw(pool, "SELECT name, email FROM authors", [])}")
  println("data: ${data(pool)}")
  println("preload: ${preload(pool)}")
end
