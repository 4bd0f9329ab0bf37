# StorageWriter: moves acknowledged events from the spool (Storage.Spool, a
# local SQLite file) into PostgreSQL. It keeps nothing in memory that could
# be lost: the spool is the buffer.
#
# A flush takes the oldest write_size() entries, inserts them in ONE statement
# (all or nothing; ON CONFLICT on the event's (id, received_at) makes a
# repeated insert add nothing) and deletes them from the spool once
# PostgreSQL has committed. Failures are classified (Storage.Writer.is_permanent):
# * transient (connection lost, timeout, server restarting): the batch is
#   retried with exponential backoff and jitter (100, 200, 400, 800 ms plus
#   up to as much again), then left in the spool for the next flush;
# * permanent (a bad value or constraint of some event): each event of the
#   batch is inserted alone, and only the ones that fail for good are moved
#   to spool_rejected, logged with the reason and counted.
# Triggers: a Kick cast after each accepted request (it writes a full
# batch at once, else arms a Flush linger_ms later), the Flush cast of the
# flush_ticker actor (every MESHER_FLUSH_INTERVAL_MS) and, at graceful
# shutdown, the Terminate cast: it writes out everything it can.

from Storage.Writer import insert_batch, writer_entry, is_permanent
from Storage.Spool import spool_append, spool_take, spool_remove_through, spool_remove, spool_reject, spool_depth, rejected_count, spool_stamp, jitter
from Config import env_int

pub struct WriterState do
  pool :: PoolHandle
  spool :: SqliteConn
  project_id :: String
  batch_size :: Int
  batches :: Int
  armed :: Bool
end

# Spool entries per INSERT. (batch_size, 100, is the foundation
# interface's size flush: Store writes once that many are waiting.)
fn write_size() -> Int do
  500
end

# A Kick does not write at once: it arms a timer (linger_flush) that casts
# Flush after linger_ms (25), so the events of the next milliseconds go into
# the same INSERT (under load: hundreds of rows per statement instead of a
# few). A full batch is written at once.
fn linger_ms() -> Int do
  25
end

actor linger_flush(ms :: Int) do
  Timer.sleep(ms)
  StorageWriter.flush(Process.whereis("storage_writer"))
end

fn kicked(state :: WriterState) -> WriterState do
  if spool_depth(state.spool) >= write_size() do
    flush_rounds(state, 20)
  else
    if state.armed do state else arm(state) end
  end
end

fn arm(state :: WriterState) -> WriterState do
  spawn(linger_flush, linger_ms())
  with_armed(state, true)
end

fn with_armed(state :: WriterState, armed :: Bool) -> WriterState do
  WriterState { pool: state.pool, spool: state.spool, project_id: state.project_id, batch_size: state.batch_size, batches: state.batches, armed: armed }
end

# Retries of a batch after a transient error (so 5 attempts).
fn max_attempts() -> Int do
  5
end

fn backoff_ms(attempt :: Int) -> Int do
  if attempt <= 0 do
    100
  else
    min_int(1600, 2 * backoff_ms(attempt - 1))
  end
end

fn min_int(a :: Int, b :: Int) -> Int do
  if a < b do a else b end
end

# Inserts entries, retrying transient failures with backoff + jitter.
fn insert_with_retry(state :: WriterState, entries :: List<String>, attempt :: Int) -> Int!String do
  case insert_batch(state.pool, entries) do
    Ok(n) -> Ok(n)
    Err(e) -> if is_permanent(e) || attempt + 1 >= max_attempts() do
      Err(e)
    else
      let pause = backoff_ms(attempt)
      Timer.sleep(pause + jitter(state.spool, pause))
      insert_with_retry(state, entries, attempt + 1)
    end
  end
end

fn entries_of(rows :: List<Map<String, String>>) -> List<String> do
  List.map(rows, fn(r) do Map.get(r, "entry") end)
end

fn one_line(e :: String) -> String do
  String.replace(String.replace(e, "\t", " | "), "\n", " ")
end

fn reject(state :: WriterState, row :: Map<String, String>, e :: String) -> Int do
  println("[StorageWriter] Rejected event " <> JSON.get(Map.get(row, "entry"), "id") <> " (spool seq " <> Map.get(row, "seq") <> "): " <> one_line(e))
  case spool_reject(state.spool, Map.get(row, "seq"), one_line(e)) do
    Ok(_) -> 1
    Err(se) -> 0
  end
end

# Inserts the rows one by one after their batch failed for good: -1 if the
# database became unavailable meanwhile (the rest stays in the spool), else
# the number rejected.
fn isolate(state :: WriterState, rows :: List<Map<String, String>>, i :: Int, rejected :: Int) -> Int do
  if i >= List.length(rows) do
    rejected
  else
    let row = List.get(rows, i)
    case insert_with_retry(state, [Map.get(row, "entry")], 0) do
      Ok(_) -> isolate_next(state, rows, i, rejected, spool_remove(state.spool, Map.get(row, "seq")))
      Err(e) -> if is_permanent(e) do isolate(state, rows, i + 1, rejected + reject(state, row, e)) else unavailable(e, List.length(rows) - i) end
    end
  end
end

fn isolate_next(state :: WriterState, rows :: List<Map<String, String>>, i :: Int, rejected :: Int, removed :: Int!String) -> Int do
  isolate(state, rows, i + 1, rejected)
end

fn unavailable(e :: String, n :: Int) -> Int do
  println("[StorageWriter] Database unavailable (" <> one_line(e) <> "); " <> String.from(n) <> " events stay in the spool")
  -1
end

# Test hook (fault injection, never set in production): with
# MESHER_FAULT_WRITER_PANIC_EVERY=n the writer panics after its n-th
# committed batch, before it removes the batch from the spool: the worst
# moment for a crash. Its supervisor restarts it and the batch is written
# again without duplicates. Three crashes at most (counted in the spool
# file), so that the supervisor's restart limit is not what the test sees.
fn maybe_crash(state :: WriterState) -> Int do
  let every = env_int("MESHER_FAULT_WRITER_PANIC_EVERY", 0)
  if every > 0 && state.batches + 1 == every && fault_crashes(state.spool) < 3 do
    println("[StorageWriter] Fault injection: crashing after batch " <> String.from(state.batches + 1))
    1 / (every - every)
  else
    0
  end
end

fn fault_crashes(spool :: SqliteConn) -> Int do
  let _ = Sqlite.execute(spool, "CREATE TABLE IF NOT EXISTS fault_crashes (n INTEGER)", [])
  let rows = Sqlite.query(spool, "SELECT count(*) AS n FROM fault_crashes", [])
  let _ = Sqlite.execute(spool, "INSERT INTO fault_crashes VALUES (1)", [])
  case rows do
    Ok(r) -> case String.to_int(Map.get(List.head(r), "n")) do
      Some(n) -> n
      None -> 3
    end
    Err(_) -> 3
  end
end

fn with_batches(state :: WriterState, batches :: Int) -> WriterState do
  WriterState { pool: state.pool, spool: state.spool, project_id: state.project_id, batch_size: state.batch_size, batches: batches, armed: state.armed }
end

# Writes one batch: -1 stop (nothing to do or database unavailable), else 1.
fn write_batch(state :: WriterState, rows :: List<Map<String, String>>) -> Int do
  case insert_with_retry(state, entries_of(rows), 0) do
    Ok(_) -> committed(state, rows)
    Err(e) -> if is_permanent(e) do
      if isolate(state, rows, 0, 0) < 0 do -1 else 1 end
    else
      unavailable(e, List.length(rows))
    end
  end
end

fn committed(state :: WriterState, rows :: List<Map<String, String>>) -> Int do
  maybe_crash(state)
  case spool_remove_through(state.spool, Map.get(List.last(rows), "seq")) do
    Ok(_) -> 1
    Err(e) -> unavailable("spool: " <> e, List.length(rows))
  end
end

# Writes batches until the spool is empty, the database is unavailable, or
# `rounds` batches are done (so that other messages get their turn).
fn flush_rounds(state :: WriterState, rounds :: Int) -> WriterState do
  if rounds <= 0 do
    state
  else
    case spool_take(state.spool, write_size()) do
      Err(e) -> spool_error(state, e)
      Ok(rows) -> if List.length(rows) == 0 do state else after_batch(state, rows, rounds) end
    end
  end
end

fn after_batch(state :: WriterState, rows :: List<Map<String, String>>, rounds :: Int) -> WriterState do
  let r = write_batch(state, rows)
  let next = with_batches(state, state.batches + 1)
  if r < 0 do next else flush_rounds(next, rounds - 1) end
end

fn spool_error(state :: WriterState, e :: String) -> WriterState do
  println("[StorageWriter] Spool read failed: " <> e)
  state
end

fn append_stamped(state :: WriterState, project_id :: String, issue_id :: String, fingerprint :: String, event_json :: String) -> WriterState do
  let stamp = spool_stamp(state.spool)
  let entry = writer_entry(Map.get(stamp, "id"), project_id, issue_id, fingerprint, Map.get(stamp, "t"), event_json)
  case spool_append(state.spool, entry) do
    Ok(_) -> if spool_depth(state.spool) >= state.batch_size do flush_rounds(state, 1) else state end
    Err(e) -> spool_error(state, e)
  end
end

# --- Service ---

service StorageWriter do
  fn init(pool :: PoolHandle, spool :: SqliteConn, project_id :: String) -> WriterState do
    WriterState { pool: pool, spool: spool, project_id: project_id, batch_size: 100, batches: 0, armed: false }
  end

  # An event of the writer's own project (the foundation interface): it is
  # spooled, and written once a batch is full or at the next Flush.
  cast Store(event_json :: String) do |state|
    append_stamped(state, state.project_id, "", "", event_json)
  end

  # Something new is in the spool (the ingestion pipeline appended it).
  cast Kick() do |state|
    kicked(state)
  end

  cast Flush() do |state|
    flush_rounds(with_armed(state, false), 20)
  end

  # Graceful shutdown (the runtime casts it after the servers stopped):
  # write out whatever the database takes; the rest stays in the spool.
  cast Terminate() do |state|
    let done = flush_rounds(state, 1000000)
    println("[StorageWriter] Shutdown: " <> String.from(spool_depth(state.spool)) <> " events left in the spool")
    done
  end

  # Events waiting in the spool.
  call Pending() :: Int do |state|
    (state, spool_depth(state.spool))
  end

  # Events rejected for good so far (they are in spool_rejected).
  call Rejected() :: Int do |state|
    (state, rejected_count(state.spool))
  end
end

# What the writer needs, kept by a service registered as
# "mesher_resources" so that the supervisor can start a new writer after a
# crash (a supervisor's start functions take no arguments).
service WriterResources do
  fn init(pool :: PoolHandle, spool :: SqliteConn, interval :: Int) -> WriterState do
    WriterState { pool: pool, spool: spool, project_id: "default", batch_size: 100, batches: interval, armed: false }
  end

  call Get() :: WriterState do |state|
    (state, state)
  end
end

# Started by WriterSup: a StorageWriter registered as "storage_writer".
pub fn start_writer_child() -> Pid do
  let res = WriterResources.get(Process.whereis("mesher_resources"))
  let writer = StorageWriter.start(res.pool, res.spool, "default")
  Process.register("storage_writer", writer)
  writer
end

# Casts Flush to the registered writer every interval ms, forever.
actor flush_ticker(interval :: Int) do
  Timer.sleep(interval)
  StorageWriter.flush(Process.whereis("storage_writer"))
  flush_ticker(interval)
end

# (Defined before the supervisor: meshpy evaluates a supervisor's child
# list where it is declared, so named start functions must come first.)
pub fn start_ticker_child() -> Pid do
  let res = WriterResources.get(Process.whereis("mesher_resources"))
  spawn(flush_ticker, res.batches)
end

# The writer and its flush ticker, restarted when they crash: at most 10
# restarts in 60 s, after which the supervisor gives up (and says so). The
# start functions are named, not closures: meshpy gives the start closures
# of one supervisor the same Python name (_fn1), so a second closure child
# would run the first one's closure. The ticker finds the writer by name at
# every tick, so a restarted writer gets its ticks.
supervisor WriterSup do
  strategy: one_for_one
  max_restarts: 10
  max_seconds: 60

  child writer do
    start: start_writer_child
    restart: permanent
    shutdown: 10000
  end

  child ticker do
    start: start_ticker_child
    restart: permanent
    shutdown: 1000
  end
end

# Starts the supervised writer (registered as "storage_writer" once its
# supervisor started it) and its flush ticker (every interval ms); returns
# the supervisor's pid.
pub fn start_supervised_writer(pool :: PoolHandle, spool :: SqliteConn, interval :: Int) -> Pid do
  register_writer_resources(pool, spool, interval)
  start_writer_supervisor()
end

# What WriterSup's children need, registered as "mesher_resources" (before
# the supervisor starts).
pub fn register_writer_resources(pool :: PoolHandle, spool :: SqliteConn, interval :: Int) -> Int do
  Process.register("mesher_resources", WriterResources.start(pool, spool, interval))
end

pub fn start_writer_supervisor() -> Pid do
  spawn(WriterSup)
end

# Casts Flush to the writer every interval ms, forever (for programs that
# run a writer of their own, without the supervisor).
actor own_flush_ticker(writer_pid, interval :: Int) do
  Timer.sleep(interval)
  StorageWriter.flush(writer_pid)
  own_flush_ticker(writer_pid, interval)
end

# Actors are private to their module; a program starts the ticker through this.
pub fn start_flush_ticker(writer_pid, interval :: Int) do
  spawn(own_flush_ticker, writer_pid, interval)
end
