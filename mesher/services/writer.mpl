# StorageWriter: the per-project batch writer of events. Events (JSON text)
# are buffered in a bounded buffer (at most max_buffer; the oldest are
# dropped beyond that) and written to the database in batches, on two
# triggers: the buffer reaching batch_size, and a Flush cast (sent
# periodically by the flush_ticker actor). A batch is written event by
# event and attempted at most 3 times (at once, after 100 ms, after
# 500 ms), each attempt starting again from the first event; after the
# third failure the batch is dropped and reported on stdout.

from Storage.Writer import insert_event

struct WriterState do
  pool :: PoolHandle
  project_id :: String
  buffer :: List<String>
  buffer_len :: Int
  batch_size :: Int
  max_buffer :: Int
end

# --- Batch flushing with retries ---

fn flush_loop(pool :: PoolHandle, project_id :: String, events, i :: Int, total :: Int) -> Int!String do
  if i < total do
    let event_json = List.get(events, i)
    insert_event(pool, project_id, event_json)?
    flush_loop(pool, project_id, events, i + 1, total)
  else
    Ok(0)
  end
end

fn flush_batch(pool :: PoolHandle, project_id :: String, events) -> Int!String do
  flush_loop(pool, project_id, events, 0, List.length(events))
end

fn flush_drop(project_id :: String, count :: Int) -> Int do
  println("[StorageWriter] Dropping batch of " <> String.from(count) <> " events for project " <> project_id <> " after 3 retries")
  0
end

fn flush_retry3(pool :: PoolHandle, project_id :: String, events) -> Int do
  Timer.sleep(500)
  let result = flush_batch(pool, project_id, events)
  case result do
    Ok(_) -> 0
    Err(_) -> flush_drop(project_id, List.length(events))
  end
end

fn flush_retry2(pool :: PoolHandle, project_id :: String, events) -> Int do
  Timer.sleep(100)
  let result = flush_batch(pool, project_id, events)
  case result do
    Ok(_) -> 0
    Err(_) -> flush_retry3(pool, project_id, events)
  end
end

fn flush_with_retry(pool :: PoolHandle, project_id :: String, events) -> Int do
  let result = flush_batch(pool, project_id, events)
  case result do
    Ok(_) -> 0
    Err(_) -> flush_retry2(pool, project_id, events)
  end
end

# --- Buffer management ---

# Appends an event (dropping the oldest beyond max_buffer); a full batch is
# flushed at once and the buffer emptied.
fn writer_store(state :: WriterState, event_json :: String) -> WriterState do
  let appended = List.append(state.buffer, event_json)
  let overflow = state.buffer_len + 1 - state.max_buffer
  let buffer = if overflow > 0 do List.drop(appended, overflow) else appended end
  let buffer_len = List.length(buffer)
  if buffer_len >= state.batch_size do
    let _ = flush_with_retry(state.pool, state.project_id, buffer)
    WriterState { pool: state.pool, project_id: state.project_id, buffer: List.new(), buffer_len: 0, batch_size: state.batch_size, max_buffer: state.max_buffer }
  else
    WriterState {
      pool: state.pool,
      project_id: state.project_id,
      buffer: buffer,
      buffer_len: buffer_len,
      batch_size: state.batch_size,
      max_buffer: state.max_buffer
    }
  end
end

# Writes out a non-empty buffer and empties it.
fn writer_flush(state :: WriterState) -> WriterState do
  if state.buffer_len > 0 do
    let _ = flush_with_retry(state.pool, state.project_id, state.buffer)
    WriterState { pool: state.pool, project_id: state.project_id, buffer: List.new(), buffer_len: 0, batch_size: state.batch_size, max_buffer: state.max_buffer }
  else
    state
  end
end

# --- Service ---

service StorageWriter do
  fn init(pool :: PoolHandle, project_id :: String) -> WriterState do
    WriterState { pool: pool, project_id: project_id, buffer: List.new(), buffer_len: 0, batch_size: 50, max_buffer: 500 }
  end

  cast Store(event_json :: String) do |state|
    writer_store(state, event_json)
  end

  cast Flush() do |state|
    writer_flush(state)
  end
end

# Casts Flush to the writer every interval ms, forever.
actor flush_ticker(writer_pid, interval :: Int) do
  Timer.sleep(interval)
  StorageWriter.flush(writer_pid)
  flush_ticker(writer_pid, interval)
end
