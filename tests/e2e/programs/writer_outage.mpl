# e2e: a flush while the database is unreachable. MESHER_DB_URL points at a
# TCP proxy of the test. Protocol (stdout markers, stdin lines):
#   prints "phase 1 stored: 5", then "ready for cut" and reads a line: the
#   test cuts the proxy, then answers;
#   stores 7 events and flushes: the writer retries with backoff, then
#   leaves the batch in the spool (a log line); the test restores the proxy
#   once it sees that line; waits for the database, stores 3 more, flushes
#   and prints the final count (all 15: nothing is dropped).

from Testkit import start_writer, db_url, show_result, setup_project, store_events, count_events, wait_for_count, wait_for_db
from Services.Writer import StorageWriter

fn run(pool :: PoolHandle) -> String!String do
  let project_id = setup_project(pool, "outage")?
  println("project " <> project_id)
  let writer = start_writer(pool, project_id)?
  store_events(writer, 0, 5)
  StorageWriter.flush(writer)
  println("phase 1 stored: " <> String.from(wait_for_count(pool, project_id, 5, 250)))
  println("ready for cut")
  let line = IO.read_line()?
  println("got " <> line <> ", storing 7 events")
  store_events(writer, 5, 12)
  StorageWriter.flush(writer)
  let back = wait_for_db(pool, 600)
  println("database back: " <> String.from(back))
  store_events(writer, 12, 15)
  StorageWriter.flush(writer)
  println("after recovery: " <> String.from(wait_for_count(pool, project_id, 15, 250)))
  Ok("done")
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 1000)
  case opened do
    Ok(pool) -> println(show_result("run", run(pool)))
    Err(e) -> println("pool error " <> e)
  end
end
