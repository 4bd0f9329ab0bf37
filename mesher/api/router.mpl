# The route table (contract 3.10) plus GET /healthz, POST /api/v1/orgs and
# POST /api/v1/orgs/:org_id/projects, and the optional
# admin-token guard of the management routes.

from Api.Helpers import Ctx, error_resp, json_resp
from Storage.Spool import spool_depth, rejected_count
from Ingestion.Routes import handle_event, handle_bulk
from Api.Issues import list_issues, resolve_issue, archive_issue, unresolve_issue, discard_issue, delete_issue, assign_issue
from Api.Events import search_events, tag_events, issue_events, issue_timeline, get_event
from Api.Dashboard import volume, levels, top_issues, tag_breakdown, health
from Api.Team import list_members, add_member, update_role, remove_member, list_keys, create_key, revoke_key, create_org, create_project
from Api.Alerts import create_rule, list_rules, toggle_rule, delete_rule, list_alerts, acknowledge_alert, resolve_alert, get_settings, update_settings, storage

fn ingestion_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_post(r, "/api/v1/events", fn(req) do handle_event(ctx, req) end)
  HTTP.on_post(r1, "/api/v1/events/bulk", fn(req) do handle_bulk(ctx, req) end)
end

fn issue_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/projects/:project_id/issues", fn(req) do list_issues(ctx, req) end)
  let r2 = HTTP.on_post(r1, "/api/v1/issues/:id/resolve", fn(req) do resolve_issue(ctx, req) end)
  let r3 = HTTP.on_post(r2, "/api/v1/issues/:id/archive", fn(req) do archive_issue(ctx, req) end)
  let r4 = HTTP.on_post(r3, "/api/v1/issues/:id/unresolve", fn(req) do unresolve_issue(ctx, req) end)
  let r5 = HTTP.on_post(r4, "/api/v1/issues/:id/assign", fn(req) do assign_issue(ctx, req) end)
  let r6 = HTTP.on_post(r5, "/api/v1/issues/:id/discard", fn(req) do discard_issue(ctx, req) end)
  HTTP.on_post(r6, "/api/v1/issues/:id/delete", fn(req) do delete_issue(ctx, req) end)
end

fn event_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/projects/:project_id/events/search", fn(req) do search_events(ctx, req) end)
  let r2 = HTTP.on_get(r1, "/api/v1/projects/:project_id/events/tags", fn(req) do tag_events(ctx, req) end)
  let r3 = HTTP.on_get(r2, "/api/v1/issues/:issue_id/events", fn(req) do issue_events(ctx, req) end)
  let r4 = HTTP.on_get(r3, "/api/v1/issues/:issue_id/timeline", fn(req) do issue_timeline(ctx, req) end)
  HTTP.on_get(r4, "/api/v1/events/:event_id", fn(req) do get_event(ctx, req) end)
end

fn dashboard_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/projects/:project_id/dashboard/volume", fn(req) do volume(ctx, req) end)
  let r2 = HTTP.on_get(r1, "/api/v1/projects/:project_id/dashboard/levels", fn(req) do levels(ctx, req) end)
  let r3 = HTTP.on_get(r2, "/api/v1/projects/:project_id/dashboard/top-issues", fn(req) do top_issues(ctx, req) end)
  let r4 = HTTP.on_get(r3, "/api/v1/projects/:project_id/dashboard/tags", fn(req) do tag_breakdown(ctx, req) end)
  HTTP.on_get(r4, "/api/v1/projects/:project_id/dashboard/health", fn(req) do health(ctx, req) end)
end

fn team_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/orgs/:org_id/members", fn(req) do list_members(ctx, req) end)
  let r2 = HTTP.on_post(r1, "/api/v1/orgs/:org_id/members", fn(req) do add_member(ctx, req) end)
  let r3 = HTTP.on_post(r2, "/api/v1/orgs/:org_id/members/:membership_id/role", fn(req) do update_role(ctx, req) end)
  let r4 = HTTP.on_post(r3, "/api/v1/orgs/:org_id/members/:membership_id/remove", fn(req) do remove_member(ctx, req) end)
  let r5 = HTTP.on_get(r4, "/api/v1/projects/:project_id/api-keys", fn(req) do list_keys(ctx, req) end)
  let r6 = HTTP.on_post(r5, "/api/v1/projects/:project_id/api-keys", fn(req) do create_key(ctx, req) end)
  let r7 = HTTP.on_post(r6, "/api/v1/api-keys/:key_id/revoke", fn(req) do revoke_key(ctx, req) end)
  let r8 = HTTP.on_post(r7, "/api/v1/orgs", fn(req) do create_org(ctx, req) end)
  HTTP.on_post(r8, "/api/v1/orgs/:org_id/projects", fn(req) do create_project(ctx, req) end)
end

fn alert_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/projects/:project_id/alert-rules", fn(req) do list_rules(ctx, req) end)
  let r2 = HTTP.on_post(r1, "/api/v1/projects/:project_id/alert-rules", fn(req) do create_rule(ctx, req) end)
  let r3 = HTTP.on_post(r2, "/api/v1/alert-rules/:rule_id/toggle", fn(req) do toggle_rule(ctx, req) end)
  let r4 = HTTP.on_post(r3, "/api/v1/alert-rules/:rule_id/delete", fn(req) do delete_rule(ctx, req) end)
  let r5 = HTTP.on_get(r4, "/api/v1/projects/:project_id/alerts", fn(req) do list_alerts(ctx, req) end)
  let r6 = HTTP.on_post(r5, "/api/v1/alerts/:id/acknowledge", fn(req) do acknowledge_alert(ctx, req) end)
  HTTP.on_post(r6, "/api/v1/alerts/:id/resolve", fn(req) do resolve_alert(ctx, req) end)
end

fn settings_routes(r :: Router, ctx :: Ctx) -> Router do
  let r1 = HTTP.on_get(r, "/api/v1/projects/:project_id/settings", fn(req) do get_settings(ctx, req) end)
  let r2 = HTTP.on_post(r1, "/api/v1/projects/:project_id/settings", fn(req) do update_settings(ctx, req) end)
  let r3 = HTTP.on_get(r2, "/api/v1/projects/:project_id/storage", fn(req) do storage(ctx, req) end)
  let r4 = HTTP.on_get(r3, "/healthz", fn(req) do json_resp(200, """{"status":"ok"}""") end)
  HTTP.on_get(r4, "/healthz/ingest", fn(req) do ingest_health(ctx) end)
end

# Events acknowledged but not yet in PostgreSQL, and events rejected for
# good by the database (see Services.Writer).
fn ingest_health(ctx :: Ctx) -> Response do
  json_resp(200, """{"spool":""" <> String.from(spool_depth(ctx.spool)) <> ""","rejected":""" <> String.from(rejected_count(ctx.spool)) <> "}")
end

# Ingestion, /healthz and unknown paths need no admin token.
fn is_open(req :: Request) -> Bool do
  let path = Request.path(req)
  path == "/healthz" || path == "/api/v1/events" || path == "/api/v1/events/bulk" || !String.starts_with(path, "/api/")
end

fn admin_guard(token :: String) -> Fun(Request, Fun(Request) -> Response) -> Response do
  fn(req, next) do
    if token == "" || is_open(req) do
      next(req)
    else
      case Request.header(req, "authorization") do
        Some(v) -> if String.trim(v) == "Bearer " <> token do next(req) else error_resp(401, "unauthorized") end
        None -> error_resp(401, "unauthorized")
      end
    end
  end
end

pub fn build_router(ctx :: Ctx, token :: String) -> Router do
  let r = HTTP.use(HTTP.router(), admin_guard(token))
  settings_routes(alert_routes(team_routes(dashboard_routes(event_routes(issue_routes(ingestion_routes(r, ctx), ctx), ctx), ctx), ctx), ctx), ctx)
end
