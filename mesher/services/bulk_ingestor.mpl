# BulkIngestor: group commit for bulk requests (POST /api/v1/events/bulk),
# as the Ingestor is for single events. A request casts Enqueue with its
# body and a waiter process and waits for the answer (Ingestion.Routes).
# Every request that arrived while the previous batch ran goes into ONE
# statement (Ingestion.Pipeline.run_bulk_batch): each issue hit by several
# concurrent requests is upserted once instead of once per request, which
# is most of PostgreSQL's work per bulk event, and their events are spooled
# in one SQLite transaction. An idle service runs a request at once.

from Api.Helpers import Ctx
from Ingestion.Pipeline import Pending, run_bulk_batch
from Services.Writer import WriterResources
from Config import spool_max

struct BulkState do
  ctx :: Ctx
  pending :: List<Pending>
  bytes :: Int
  scheduled :: Bool
end

# A batch is run at once when it holds this many requests (up to 100
# events each) or bytes of bodies (a bulk body may be 5 MiB).
fn max_batch_requests() -> Int do
  8
end

fn max_batch_bytes() -> Int do
  4194304
end

fn idle(ctx :: Ctx) -> BulkState do
  BulkState { ctx: ctx, pending: [], bytes: 0, scheduled: false }
end

fn flush_now(state :: BulkState) -> BulkState do
  if List.length(state.pending) > 0 do run_bulk_batch(state.ctx, state.pending) else 0 end
  BulkState { ctx: state.ctx, pending: [], bytes: 0, scheduled: state.scheduled }
end

fn enqueue(state :: BulkState, item :: Pending) -> BulkState do
  let pending = List.append(state.pending, item)
  let bytes = state.bytes + String.length(item.body)
  if List.length(pending) >= max_batch_requests() || bytes >= max_batch_bytes() do
    flush_now(BulkState { ctx: state.ctx, pending: pending, bytes: bytes, scheduled: state.scheduled })
  else
    if !state.scheduled do BulkIngestor.flush(Process.whereis("bulk_ingestor")) end
    BulkState { ctx: state.ctx, pending: pending, bytes: bytes, scheduled: true }
  end
end

service BulkIngestor do
  fn init(ctx :: Ctx) -> BulkState do
    idle(ctx)
  end

  cast Enqueue(item :: Pending) do |state|
    enqueue(state, item)
  end

  cast Flush() do |state|
    idle(flush_now(state).ctx)
  end
end

# Started by MesherSup: a BulkIngestor registered as "bulk_ingestor", on
# the pool and spool the writer uses.
pub fn start_bulk_ingestor_child() -> Pid do
  let res = WriterResources.get(Process.whereis("mesher_resources"))
  let sup = Process.whereis("mesher_resources")
  let p = BulkIngestor.start(Ctx { pool: res.pool, limiter: sup, writer: sup, stream: sup, registry: sup, spool: res.spool, spool_max: spool_max() })
  Process.register("bulk_ingestor", p)
  p
end
