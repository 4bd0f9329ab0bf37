# e2e: bad input comes back as Err with the server's message, and nothing
# else is lost: malformed event JSON, an event with an unknown level, an
# unknown API key (no row: "not found"), a malformed key id, a duplicate
# organization slug, an event for an unknown project. Good rows written
# before and after must all remain.

from Testkit import db_url, show_result, setup_project, event_json
from Storage.Writer import insert_event
from Services.Org import OrgService
from Services.Project import ProjectService

fn run(pool :: PoolHandle) -> String!String do
  let project_id = setup_project(pool, "acme")?
  let orgs = OrgService.start(pool)
  let projects = ProjectService.start(pool)
  let key = ProjectService.create_api_key(projects, project_id, "live")?
  println(show_result("good event 1", insert_event(pool, project_id, event_json(1))))
  println(show_result("malformed json", insert_event(pool, project_id, """{"message": "unterminated""")))
  println(show_result("unknown level", insert_event(pool, project_id, """{"message": "m", "level": "catastrophic"}""")))
  println(show_result("unknown project", insert_event(pool, "0190a000-0000-7000-8000-000000000000", event_json(2))))
  println(show_result("unknown api key", ProjectService.get_project_by_api_key(projects, "mshr_0000000000000000")))
  println(show_result("malformed key id", ProjectService.revoke_api_key(projects, "not-a-uuid")))
  println(show_result("duplicate slug", OrgService.create_org(orgs, "Another Acme", "acme")))
  println(show_result("good event 2", insert_event(pool, project_id, event_json(3))))
  println(show_result("good org", OrgService.create_org(orgs, "Initech", "initech")))
  println(show_result("key still works", ProjectService.get_project_by_api_key(projects, key)))
  Ok("done")
end

fn main() do
  let opened = Pool.open(db_url(), 2, 10, 5000)
  case opened do
    Ok(pool) -> println(show_result("run", run(pool)))
    Err(e) -> println("pool error " <> e)
  end
end
