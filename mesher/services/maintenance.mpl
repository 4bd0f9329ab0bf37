# The periodic actors (contract 1.1, 4.8-4.10, 4.12). Each sleeps first,
# works, then recurses; intervals come from Config (tests shorten them).

from Api.Helpers import Ctx, registry_pid, limiter_pid
from Ingestion.Alerts import fire_threshold_rules
from Ingestion.Pipeline import publish_rows
from Services.Registry import PipelineRegistry
from Services.RateLimiter import RateLimiter
from Storage.Schema import create_partitions_ahead, expired_partitions, drop_partition

actor health_checker(ctx :: Ctx) do
  Timer.sleep(10000)
  case Pool.query(ctx.pool, "SELECT 1 AS one", []) do
    Ok(_) -> println("[Mesher] Health check: all services responsive")
    Err(e) -> println("[Mesher] Health check: database unreachable: " <> e)
  end
  health_checker(ctx)
end

actor load_monitor(ctx :: Ctx, threshold :: Int) do
  Timer.sleep(5000)
  let n = PipelineRegistry.take_event_count(registry_pid(ctx)) + RateLimiter.take_request_count(limiter_pid(ctx))
  println("[Mesher] Load monitor: " <> String.from(n) <> " events/5s, 0 peers")
  load_monitor(ctx, threshold)
end

actor alert_evaluator(ctx :: Ctx, interval_ms :: Int) do
  Timer.sleep(interval_ms)
  case fire_threshold_rules(ctx) do
    Ok(n) -> println("[Mesher] Alert evaluator: checked rules, " <> String.from(n) <> " fired")
    Err(e) -> println("[Mesher] Alert evaluator error: " <> e)
  end
  alert_evaluator(ctx, interval_ms)
end

# Archived issues with more than max(10, 10 x their average hourly volume
# over 7 days) events in the last hour are reopened, and the project's
# stream clients told so (upstream reopened silently).
fn escalate_spikes(ctx :: Ctx) -> Int!String do
  let rows = Pool.query(ctx.pool, "UPDATE issues i SET status = 'unresolved' WHERE i.status = 'archived' AND (SELECT count(*) FROM events e WHERE e.issue_id = i.id AND e.received_at > now() - interval '1 hour') > GREATEST(10, (SELECT count(*) FROM events e WHERE e.issue_id = i.id AND e.received_at > now() - interval '7 days') / 168 * 10) RETURNING i.project_id::text AS project_id, json_build_object('type', 'issue', 'action', 'unresolved', 'issue_id', i.id::text)::text AS j", [])?
  Ok(publish_rows(ctx, rows))
end

actor spike_checker(ctx :: Ctx, interval_ms :: Int) do
  Timer.sleep(interval_ms)
  case escalate_spikes(ctx) do
    Ok(n) -> if n > 0 do println("[Mesher] Spike checker: escalated " <> String.from(n) <> " archived issues") end
    Err(e) -> println("[Mesher] Spike checker error: " <> e)
  end
  spike_checker(ctx, interval_ms)
end

fn drop_each(pool :: PoolHandle, names :: List<String>, i :: Int) -> Int!String do
  if i < List.length(names) do
    drop_partition(pool, List.get(names, i))?
    println("[Mesher] Dropped expired partition: " <> List.get(names, i))
    drop_each(pool, names, i + 1)
  else
    Ok(i)
  end
end

# Deletes each project's events older than its retention_days, drops whole
# daily partitions past the longest retention, and keeps 7 days of
# partitions ahead (upstream only made them at startup).
pub fn run_retention(pool :: PoolHandle) -> Int!String do
  let deleted = Pool.execute(pool, "DELETE FROM events e USING projects p WHERE e.project_id = p.id AND e.received_at < now() - p.retention_days * interval '1 day'", [])?
  let names = expired_partitions(pool)?
  drop_each(pool, names, 0)?
  create_partitions_ahead(pool, 7)?
  Ok(deleted)
end

actor retention_cleaner(ctx :: Ctx, interval_ms :: Int) do
  Timer.sleep(interval_ms)
  case run_retention(ctx.pool) do
    Ok(n) -> println("[Mesher] Retention cleanup: deleted " <> String.from(n) <> " expired events")
    Err(e) -> println("[Mesher] Retention cleanup error: " <> e)
  end
  retention_cleaner(ctx, interval_ms)
end

pub fn start_health_checker(ctx :: Ctx) do
  spawn(health_checker, ctx)
end

pub fn start_load_monitor(ctx :: Ctx) do
  spawn(load_monitor, ctx, 100)
end

pub fn start_alert_evaluator(ctx :: Ctx, interval_ms :: Int) do
  spawn(alert_evaluator, ctx, interval_ms)
end

pub fn start_spike_checker(ctx :: Ctx, interval_ms :: Int) do
  spawn(spike_checker, ctx, interval_ms)
end

pub fn start_retention_cleaner(ctx :: Ctx, interval_ms :: Int) do
  spawn(retention_cleaner, ctx, interval_ms)
end
