# Mesher: a Sentry-like error-monitoring service (contract
# /work/shared/mesher-service.md). Connects to PostgreSQL, applies the
# schema, starts the services and periodic actors, then serves the HTTP API
# (and the WebSocket stream). Configuration comes from the environment
# (see config.mpl and README.md).

from Config import database_url, http_port, ws_port, http_port_text, ws_port_text, rate_limit_max, rate_limit_window_s, admin_token, flush_interval_ms, alert_interval_s, retention_interval_s, spike_interval_s, spool_path, spool_sync, spool_max, db_statement_timeout_ms, db_connect_timeout_ms
from Storage.Schema import create_schema, create_partitions_ahead
from Services.Org import OrgService
from Services.Project import ProjectService
from Services.User import UserService
from Services.Writer import register_writer_resources
from Services.Supervision import start_mesher_supervisor
from Storage.Spool import open_spool, spool_depth
from Services.Maintenance import start_health_checker, start_load_monitor, start_alert_evaluator, start_spike_checker, start_retention_cleaner
from Api.Helpers import Ctx
from Api.Router import build_router
from Ingestion.WsHandler import on_connect, on_message, on_close

fn apply_schema(pool :: PoolHandle) do
  case create_schema(pool) do
    Ok(_) -> println("[Mesher] Migrations applied")
    Err(e) -> println("[Mesher] Migration error: " <> e)
  end
  case create_partitions_ahead(pool, 7) do
    Ok(_) -> println("[Mesher] Partitions created (7 days ahead)")
    Err(_) -> println("[Mesher] Partition error")
  end
end

# The services start under MesherSup (Services.Supervision), which
# registers them by name; the startup lines are upstream's. Ctx keeps the
# supervisor's pid in its pid fields (handlers look services up by name).
fn start_pipeline(pool :: PoolHandle, spool :: SqliteConn) -> Ctx do
  register_writer_resources(pool, spool, flush_interval_ms())
  let sup = start_mesher_supervisor()
  println("[Mesher] StreamManager started")
  println("[Mesher] StreamManager drain ticker started (250ms interval)")
  println("[Mesher] RateLimiter started (" <> String.from(rate_limit_window_s()) <> "s window, " <> String.from(rate_limit_max()) <> " max)")
  println("[Mesher] EventProcessor started")
  println("[Mesher] StorageWriter started (default project)")
  println("[Mesher] Running in standalone mode (skipping global registration)")
  println("[Mesher] PipelineRegistry started and registered")
  let ctx = Ctx { pool: pool, limiter: sup, writer: sup, stream: sup, registry: sup, spool: spool, spool_max: spool_max() }
  start_periodic(ctx)
  ctx
end

fn start_periodic(ctx :: Ctx) do
  start_health_checker(ctx)
  println("[Mesher] Health checker started (10s interval)")
  start_spike_checker(ctx, spike_interval_s() * 1000)
  println("[Mesher] Spike checker started (5 min interval)")
  start_alert_evaluator(ctx, alert_interval_s() * 1000)
  println("[Mesher] Alert evaluator started (30s interval)")
  start_retention_cleaner(ctx, retention_interval_s() * 1000)
  println("[Mesher] Retention cleaner started (24h interval)")
  start_load_monitor(ctx)
  println("[Mesher] Load monitor started (5s interval, threshold: 100 events)")
end

fn start_services(pool :: PoolHandle) do
  case open_spool(spool_path(), spool_sync()) do
    Ok(spool) -> start_with_spool(pool, spool)
    Err(e) -> println("[Mesher] Cannot open the spool " <> spool_path() <> ": " <> e)
  end
end

fn start_with_spool(pool :: PoolHandle, spool :: SqliteConn) do
  # On stderr: stdout keeps upstream's startup lines.
  IO.eprintln("[Mesher] Spool " <> spool_path() <> ": " <> String.from(spool_depth(spool)) <> " events to replay")
  println("[Mesher] Running in standalone mode (no distribution)")
  apply_schema(pool)
  let org_svc = OrgService.start(pool)
  println("[Mesher] OrgService started")
  let project_svc = ProjectService.start(pool)
  println("[Mesher] ProjectService started")
  let user_svc = UserService.start(pool)
  println("[Mesher] UserService started")
  let ctx = start_pipeline(pool, spool)
  println("[Mesher] Foundation ready")
  println("[Mesher] WebSocket server starting on :" <> ws_port_text())
  Ws.serve(fn(conn, path, headers) do on_connect(ctx, conn, path, headers) end, fn(conn, text) do on_message(ctx, conn, text) end, fn(conn, code, reason) do on_close(ctx, conn, code) end, ws_port())
  println("[Mesher] HTTP server starting on :" <> http_port_text())
  HTTP.serve(build_router(ctx, admin_token()), http_port())
end

fn main() do
  println("[Mesher] Connecting to PostgreSQL...")
  case Pool.open_with(database_url(), 2, 10, 5000, %{"statement_timeout_ms" => db_statement_timeout_ms(), "connect_timeout_ms" => db_connect_timeout_ms()}) do
    Ok(pool) -> start_services(pool)
    Err(_) -> println("[Mesher] Failed to connect to PostgreSQL")
  end
end
