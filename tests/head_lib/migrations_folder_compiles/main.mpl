# The files of migrations/ are ordinary modules of the project too
# (supplement 8.2): migrations/20260216120000_create_initial_schema.mpl is
# module Migrations.20260216120000CreateInitialSchema, which nobody imports
# but which must compile. meshpy migrate runs them; here main runs the same
# DDL through the Migration module to show what `up` does.
fn main() do
  let url = case Env.get("DATABASE_URL") do
    Some(u) -> u
    None -> "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
  end
  case Pool.open(url, 1, 2, 5000) do
    Ok(pool) -> show(pool)
    Err(e) -> println("no database: ${e}")
  end
end

fn show(pool :: PoolHandle) do
  println("create: ${Migration.create_table(pool, "projects", ["id:BIGSERIAL:PRIMARY KEY", "slug:TEXT:NOT NULL"])}")
  println("index: ${Migration.create_index(pool, "projects", ["slug"], "unique: true")}")
  println("again: ${Migration.create_table(pool, "projects", ["id:BIGSERIAL:PRIMARY KEY"])}")
  println("column: ${Migration.add_column(pool, "projects", "archived:BOOLEAN:NOT NULL DEFAULT false")}")
  println("rename: ${Migration.rename_column(pool, "projects", "slug", "handle")}")
  println("bad rename: ${Migration.rename_column(pool, "projects", "slug", "x") |> describe()}")
  println("columns: ${Repo.query_raw(pool, "SELECT column_name FROM information_schema.columns WHERE table_name = 'projects' AND table_schema = current_schema() ORDER BY ordinal_position", [])}")
  println("indexes: ${Repo.query_raw(pool, "SELECT indexname FROM pg_indexes WHERE tablename = 'projects' AND schemaname = current_schema() ORDER BY 1", [])}")
  println("drop index: ${Migration.drop_index(pool, "projects", ["slug"])}")
  println("drop column: ${Migration.drop_column(pool, "projects", "archived")}")
  println("execute: ${Migration.execute(pool, "COMMENT ON TABLE projects IS 'demo'")}")
  println("drop: ${Migration.drop_table(pool, "projects")}")
end

fn describe(r :: Int!String) -> String do
  case r do
    Ok(n) -> "ok ${n}"
    Err(e) -> List.head(String.split(e, "\t"))
  end
end
