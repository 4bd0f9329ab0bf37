# StorageWriter: the batch writer of events. Entries (an event's JSON text
# wrapped with its project, issue, fingerprint and receive time, see
# Storage.Writer.writer_entry) are buffered in a bounded buffer (at most
# max_buffer; the oldest are dropped beyond that, and counted) and written
# on two triggers: the buffer reaching batch_size, and a Flush cast (sent
# every MESHER_FLUSH_INTERVAL_MS by the flush_ticker actor main spawns).
# A batch is ONE multi-row INSERT (all-or-nothing, so a retry cannot
# duplicate rows), attempted at most 3 times (at once, after 100 ms, after
# 500 ms). If all three fail, every event is tried on its own once, so one
# bad event cannot take the others with it; the ones still failing are
# dropped and reported on stdout. Buffered events are lost if the process
# dies (at most one flush interval or batch_size events).

from Storage.Writer import insert_batch, writer_entry

struct Pending do
  project_id :: String
  entry :: String
end

struct WriterState do
  pool :: PoolHandle
  project_id :: String
  buffer :: List<Pending>
  buffer_len :: Int
  batch_size :: Int
  max_buffer :: Int
  dropped :: Int
end

# --- Batch flushing with retries ---

fn entries_of(events :: List<Pending>) -> List<String> do
  List.map(events, fn(p) do p.entry end)
end

fn flush_batch(pool :: PoolHandle, events :: List<Pending>) -> Int!String do
  insert_batch(pool, entries_of(events))
end

# Inserts each event alone; the number that still failed.
fn insert_each(pool :: PoolHandle, events :: List<Pending>, i :: Int, failed :: Int) -> Int do
  if i < List.length(events) do
    let p = List.get(events, i)
    case insert_batch(pool, [p.entry]) do
      Ok(_) -> insert_each(pool, events, i + 1, failed)
      Err(_) -> insert_each(pool, events, i + 1, failed + 1)
    end
  else
    failed
  end
end

fn flush_drop(events :: List<Pending>, count :: Int) -> Int do
  let project_id = List.head(events).project_id
  println("[StorageWriter] Dropping batch of " <> String.from(count) <> " events for project " <> project_id <> " after 3 retries")
  count
end

fn flush_one_by_one(pool :: PoolHandle, events :: List<Pending>) -> Int do
  let failed = insert_each(pool, events, 0, 0)
  if failed > 0 do flush_drop(events, failed) else 0 end
end

fn flush_retry3(pool :: PoolHandle, events :: List<Pending>) -> Int do
  Timer.sleep(500)
  case flush_batch(pool, events) do
    Ok(_) -> 0
    Err(_) -> flush_one_by_one(pool, events)
  end
end

fn flush_retry2(pool :: PoolHandle, events :: List<Pending>) -> Int do
  Timer.sleep(100)
  case flush_batch(pool, events) do
    Ok(_) -> 0
    Err(_) -> flush_retry3(pool, events)
  end
end

# Writes a batch; the number of events finally dropped.
fn flush_with_retry(pool :: PoolHandle, events :: List<Pending>) -> Int do
  case flush_batch(pool, events) do
    Ok(_) -> 0
    Err(_) -> flush_retry2(pool, events)
  end
end

# --- Buffer management ---

fn with_buffer(state :: WriterState, buffer :: List<Pending>, buffer_len :: Int, dropped :: Int) -> WriterState do
  WriterState { pool: state.pool, project_id: state.project_id, buffer: buffer, buffer_len: buffer_len, batch_size: state.batch_size, max_buffer: state.max_buffer, dropped: dropped }
end

# Appends an entry (dropping the oldest beyond max_buffer); a full batch is
# flushed at once and the buffer emptied.
fn writer_add(state :: WriterState, pending :: Pending) -> WriterState do
  let appended = List.append(state.buffer, pending)
  let overflow = state.buffer_len + 1 - state.max_buffer
  let buffer = if overflow > 0 do List.drop(appended, overflow) else appended end
  let dropped = if overflow > 0 do state.dropped + overflow else state.dropped end
  let buffer_len = List.length(buffer)
  if buffer_len >= state.batch_size do
    let lost = flush_with_retry(state.pool, buffer)
    with_buffer(state, List.new(), 0, dropped + lost)
  else
    with_buffer(state, buffer, buffer_len, dropped)
  end
end

# Writes out a non-empty buffer and empties it.
fn writer_flush(state :: WriterState) -> WriterState do
  if state.buffer_len > 0 do
    let lost = flush_with_retry(state.pool, state.buffer)
    with_buffer(state, List.new(), 0, state.dropped + lost)
  else
    state
  end
end

# --- Service ---

service StorageWriter do
  fn init(pool :: PoolHandle, project_id :: String) -> WriterState do
    WriterState { pool: pool, project_id: project_id, buffer: List.new(), buffer_len: 0, batch_size: 50, max_buffer: 500, dropped: 0 }
  end

  # An event of the writer's own project (the foundation interface).
  cast Store(event_json :: String) do |state|
    let entry = writer_entry(state.project_id, "", "", "", event_json)
    writer_add(state, Pending { project_id: state.project_id, entry: entry })
  end

  # An event the ingestion pipeline has parsed, grouped and timed.
  cast StoreEvent(project_id :: String, issue_id :: String, fingerprint :: String, received_at :: String, event_json :: String) do |state|
    let entry = writer_entry(project_id, issue_id, fingerprint, received_at, event_json)
    writer_add(state, Pending { project_id: project_id, entry: entry })
  end

  cast Flush() do |state|
    writer_flush(state)
  end

  # Events dropped so far (buffer overflow or failed inserts).
  call Dropped() :: Int do |state|
    (state, state.dropped)
  end
end

# Casts Flush to the writer every interval ms, forever.
actor flush_ticker(writer_pid, interval :: Int) do
  Timer.sleep(interval)
  StorageWriter.flush(writer_pid)
  flush_ticker(writer_pid, interval)
end

# Actors are private to their module; main starts the ticker through this.
pub fn start_flush_ticker(writer_pid, interval :: Int) do
  spawn(flush_ticker, writer_pid, interval)
end
