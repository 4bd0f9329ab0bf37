# mesher's supervision tree (contract D28): MesherSup restarts the
# services the ingestion path and the API need when they crash, each under
# a registered name that handlers look up at every use (Api.Helpers
# stream_pid/limiter_pid/registry_pid/writer_pid), so a restarted service
# is found. WriterSup (Services.Writer) is its child, with the
# StorageWriter and the flush ticker. Restart intensity: at most 10
# restarts in 60 s per supervisor; past that it stops its children and
# exits (logged), and MesherSup sees WriterSup's exit as a crash.
# A restarted service starts from its initial state (rate-limit counts and
# stream subscriptions are lost; WS clients reconnect).
#
# Start functions are named functions, not closures: meshpy gives the start
# closures of one supervisor the same Python name, so a second closure
# child would run the first one's closure.

from Config import rate_limit_max, rate_limit_window_s
from Services.StreamManager import StreamManager
from Services.RateLimiter import start_named_rate_limiter, start_named_window_ticker
from Services.Registry import PipelineRegistry
from Services.Writer import start_writer_supervisor
from Services.Ingestor import start_ingestor_child
from Services.BulkIngestor import start_bulk_ingestor_child

pub fn start_stream_child() -> Pid do
  let p = StreamManager.start()
  Process.register("stream_manager", p)
  p
end

pub fn start_limiter_child() -> Pid do
  start_named_rate_limiter(rate_limit_max(), rate_limit_window_s())
end

pub fn start_registry_child() -> Pid do
  let p = PipelineRegistry.start()
  Process.register("pipeline_registry", p)
  p
end

supervisor MesherSup do
  strategy: one_for_one
  max_restarts: 10
  max_seconds: 60

  child stream_manager do
    start: start_stream_child
    restart: permanent
    shutdown: 5000
  end

  child rate_limiter do
    start: start_limiter_child
    restart: permanent
    shutdown: 5000
  end

  child window_ticker do
    start: start_named_window_ticker
    restart: permanent
    shutdown: 1000
  end

  child pipeline_registry do
    start: start_registry_child
    restart: permanent
    shutdown: 5000
  end

  child ingestor do
    start: start_ingestor_child
    restart: permanent
    shutdown: 5000
  end

  child bulk_ingestor do
    start: start_bulk_ingestor_child
    restart: permanent
    shutdown: 5000
  end

  child writer_sup do
    start: start_writer_supervisor
    restart: permanent
    shutdown: 15000
  end
end

pub fn start_mesher_supervisor() -> Pid do
  spawn(MesherSup)
end
