# Ingestor: group commit for single events (POST /api/v1/events). A request
# casts Enqueue with its event and a waiter process, then waits for the
# waiter's answer (Ingestion.Routes). The first Enqueue into an empty batch
# casts Flush to the Ingestor itself; that Flush queues behind every Enqueue
# already in the mailbox, so a batch is "everything that arrived while the
# previous batch ran" -- one event when the service is idle (no added
# delay), many under load. Ingestion.Pipeline.run_batch processes a batch
# in one statement and one spool transaction and answers the waiters.

from Api.Helpers import Ctx
from Ingestion.Pipeline import Pending, run_batch
from Services.Writer import WriterResources
from Config import spool_max

struct IngestState do
  ctx :: Ctx
  pending :: List<Pending>
  bytes :: Int
  scheduled :: Bool
end

# A batch is run at once when it holds this many events or bytes of event
# JSON (bounds the statement's size; 1 MB events are allowed).
fn max_batch_events() -> Int do
  200
end

fn max_batch_bytes() -> Int do
  4194304
end

fn idle(ctx :: Ctx) -> IngestState do
  IngestState { ctx: ctx, pending: [], bytes: 0, scheduled: false }
end

fn flush_now(state :: IngestState) -> IngestState do
  if List.length(state.pending) > 0 do run_batch(state.ctx, state.pending) else 0 end
  IngestState { ctx: state.ctx, pending: [], bytes: 0, scheduled: state.scheduled }
end

fn enqueue(state :: IngestState, item :: Pending) -> IngestState do
  let pending = List.append(state.pending, item)
  let bytes = state.bytes + String.length(item.body)
  if List.length(pending) >= max_batch_events() || bytes >= max_batch_bytes() do
    flush_now(IngestState { ctx: state.ctx, pending: pending, bytes: bytes, scheduled: state.scheduled })
  else
    if !state.scheduled do Ingestor.flush(Process.whereis("ingestor")) end
    IngestState { ctx: state.ctx, pending: pending, bytes: bytes, scheduled: true }
  end
end

service Ingestor do
  fn init(ctx :: Ctx) -> IngestState do
    idle(ctx)
  end

  cast Enqueue(item :: Pending) do |state|
    enqueue(state, item)
  end

  cast Flush() do |state|
    idle(flush_now(state).ctx)
  end
end

# Started by MesherSup: an Ingestor registered as "ingestor", on the pool
# and spool the writer uses.
pub fn start_ingestor_child() -> Pid do
  let res = WriterResources.get(Process.whereis("mesher_resources"))
  let sup = Process.whereis("mesher_resources")
  let p = Ingestor.start(Ctx { pool: res.pool, limiter: sup, writer: sup, stream: sup, registry: sup, spool: res.spool, spool_max: spool_max() })
  Process.register("ingestor", p)
  p
end
