# e2e: the flush_ticker actor. 120 events make two size flushes; the 20
# left in the buffer are written by the ticker's periodic Flush cast (no
# explicit flush here). The test adds start_flush_ticker, a pub wrapper
# that spawns mesher's private flush_ticker, to its copy of
# services/writer.mpl. The ticker runs forever: the test stops the program
# after the last line.

from Testkit import start_writer, db_url, show_result, setup_project, store_events, count_events, wait_for_count
from Services.Writer import StorageWriter, start_flush_ticker

fn run(pool :: PoolHandle) -> String!String do
  let project_id = setup_project(pool, "ticker")?
  let writer = start_writer(pool, project_id)?
  let stored = store_events(writer, 0, 120)
  println("stored " <> String.from(stored))
  let n1 = wait_for_count(pool, project_id, 100, 250)
  println("after size flushes: " <> String.from(n1))
  let _ = start_flush_ticker(writer, 100)
  println("ticker started")
  let n2 = wait_for_count(pool, project_id, 120, 250)
  println("after ticker flush: " <> String.from(n2))
  Ok("done")
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 5000)
  case opened do
    Ok(pool) -> println(show_result("run", run(pool)))
    Err(e) -> println("pool error " <> e)
  end
end
