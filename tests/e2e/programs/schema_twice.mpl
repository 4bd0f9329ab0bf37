# e2e: create_schema and create_partitions_ahead run twice on a fresh
# database; both runs must succeed (every statement is idempotent).

from Testkit import db_url, show_result
from Storage.Schema import create_schema, create_partitions_ahead

fn twice(pool :: PoolHandle) do
  println(show_result("create_schema 1", create_schema(pool)))
  println(show_result("partitions 1", create_partitions_ahead(pool, 7)))
  println(show_result("create_schema 2", create_schema(pool)))
  println(show_result("partitions 2", create_partitions_ahead(pool, 7)))
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 5000)
  case opened do
    Ok(pool) -> twice(pool)
    Err(e) -> println("pool error " <> e)
  end
end
