# e2e: 120 events through StorageWriter. batch_size 100 makes one size
# flush (100 rows); the remaining 20 wait in the spool until an explicit
# Flush. Prints the counts seen at each step.

from Testkit import start_writer, db_url, show_result, setup_project, store_events, count_events, wait_for_count
from Services.Writer import StorageWriter

fn run(pool :: PoolHandle) -> String!String do
  let project_id = setup_project(pool, "batches")?
  println("project " <> project_id)
  let writer = start_writer(pool, project_id)?
  let stored = store_events(writer, 0, 120)
  println("stored " <> String.from(stored))
  let n1 = wait_for_count(pool, project_id, 100, 250)
  println("after size flushes: " <> String.from(n1))
  Timer.sleep(300)
  println("still buffered after 300 ms: " <> String.from(count_events(pool, project_id)))
  StorageWriter.flush(writer)
  let n2 = wait_for_count(pool, project_id, 120, 250)
  println("after explicit flush: " <> String.from(n2))
  StorageWriter.flush(writer)
  Timer.sleep(200)
  println("after empty flush: " <> String.from(count_events(pool, project_id)))
  Ok("done")
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 5000)
  case opened do
    Ok(pool) -> println(show_result("run", run(pool)))
    Err(e) -> println("pool error " <> e)
  end
end
