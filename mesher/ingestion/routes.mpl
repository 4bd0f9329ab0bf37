# POST /api/v1/events and POST /api/v1/events/bulk (contract 3.2): count
# the request, authenticate (401), rate-limit per project (429), check the
# size (400), validate and process (400 on a bad event), answer 202.
# Sampling applies to both routes. A single event goes through the
# Ingestor (Services.Ingestor: concurrent requests' events share one
# statement and one spool transaction); a bulk request goes through the
# BulkIngestor, which checks every element and processes concurrent bulk
# requests together in one set-based statement (Pipeline.run_bulk_batch);
# it counts as one request for the rate limit (as upstream).

from Api.Helpers import Ctx, error_resp, json_resp, limiter_pid, registry_pid
from Ingestion.Pipeline import request_key, key_project, is_unavailable, Pending
from Services.RateLimiter import RateLimiter
from Services.Ingestor import Ingestor
from Services.BulkIngestor import BulkIngestor
from Services.Registry import PipelineRegistry
from Storage.Spool import spool_depth
from Storage.Errors import db_message

fn accepted() -> Response do
  json_resp(202, """{"status":"accepted"}""")
end

# Runs `then` with the project id of an authenticated, not rate-limited
# request of at most max_size characters.
# Backpressure first: when the spool holds spool_max events the writer is
# behind (or the database away), so new events are refused with 503 and
# Retry-After instead of being queued without bound.
# The key's project comes from the rate limiter's memory (Services.RateLimiter)
# when it is there; only then from PostgreSQL.
# The rate limiter's Admit counts the request for the load monitor; one
# refused before it is counted by the PipelineRegistry.
fn guarded(ctx :: Ctx, req :: Request, max_size :: Int, then :: Fun(String) -> Response) -> Response do
  if spool_depth(ctx.spool) >= ctx.spool_max do
    PipelineRegistry.increment_event_count(registry_pid(ctx))
    unavailable()
  else
    let key = request_key(req)
    if key == "" do
      PipelineRegistry.increment_event_count(registry_pid(ctx))
      error_resp(401, "unauthorized")
    else
      case RateLimiter.admit(limiter_pid(ctx), key) do
        (wait, project_id) -> if project_id != "" do within_limit(req, max_size, wait, project_id, then) else look_up(ctx, req, max_size, key, then) end
      end
    end
  end
end

fn look_up(ctx :: Ctx, req :: Request, max_size :: Int, key :: String, then :: Fun(String) -> Response) -> Response do
  case key_project(ctx.pool, key) do
    Err(e) -> if e == "unauthorized" do error_resp(401, "unauthorized") else unavailable() end
    Ok(project_id) -> within_limit(req, max_size, RateLimiter.admit_project(limiter_pid(ctx), key, project_id), project_id, then)
  end
end

fn unavailable() -> Response do
  HTTP.response_with_headers(503, """{"error":"temporarily unavailable, retry later"}""", %{"Retry-After" => "1"})
end

# A failed event: 503 when the service is unavailable, else 400.
fn ingest_error(e :: String) -> Response do
  if is_unavailable(e) do unavailable() else error_resp(400, db_message(e)) end
end

fn within_limit(req :: Request, max_size :: Int, wait :: Int, project_id :: String, then :: Fun(String) -> Response) -> Response do
  if wait > 0 do
    HTTP.response_with_headers(429, """{"error":"rate limited"}""", %{"Retry-After" => String.from(wait)})
  else
    if String.length(Request.body(req)) > max_size do error_resp(400, "payload too large") else then(project_id) end
  end
end

# Waits for the Ingestor's answer about one event (Ingestion.Pipeline
# run_batch). The deadline is well past the database's statement timeout:
# if it passes, the Ingestor is gone (restarting) and the event was not
# spooled.
actor batch_waiter() do
  receive do
    answer -> answer
  after 60000 -> "Uno answer from the ingestor"
  end
end

pub fn handle_event(ctx :: Ctx, req :: Request) -> Response do
  guarded(ctx, req, 1048576, fn(project_id) do
    let waiter = spawn(batch_waiter)
    Ingestor.enqueue(Process.whereis("ingestor"), Pending { project_id: project_id, body: Request.body(req), waiter: waiter })
    case Job.await(waiter) do
      Ok(answer) -> batch_answer(answer)
      Err(_) -> unavailable()
    end
  end)
end

fn batch_answer(answer :: String) -> Response do
  if answer == "A" do
    accepted()
  else
    if String.starts_with(answer, "B") do error_resp(400, String.slice(answer, 1, String.length(answer))) else unavailable() end
  end
end

# "A<n>": 202 with the number stored; "B<reason>": 400; else 503.
fn bulk_answer(answer :: String) -> Response do
  let rest = String.slice(answer, 1, String.length(answer))
  if String.starts_with(answer, "A") do
    json_resp(202, """{"status":"accepted","accepted":""" <> rest <> "}")
  else
    if String.starts_with(answer, "B") do error_resp(400, rest) else unavailable() end
  end
end

pub fn handle_bulk(ctx :: Ctx, req :: Request) -> Response do
  guarded(ctx, req, 5242880, fn(project_id) do
    let waiter = spawn(batch_waiter)
    BulkIngestor.enqueue(Process.whereis("bulk_ingestor"), Pending { project_id: project_id, body: Request.body(req), waiter: waiter })
    case Job.await(waiter) do
      Ok(answer) -> bulk_answer(answer)
      Err(_) -> unavailable()
    end
  end)
end
