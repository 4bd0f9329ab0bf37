# e2e (no database): mesher's types and their derivations. EventPayload
# through Json (Option fields present and absent), rows of the shape the
# queries return through deriving(Row) (ApiKey's Option<String>, Issue's
# Int, AlertRule's Bool), and the sum types through Json.

from Types.Event import Severity, StackFrame, ExceptionInfo, Breadcrumb, Event, EventPayload
from Types.Issue import IssueStatus, Issue
from Types.Project import Organization, Project, ApiKey
from Types.User import User, OrgMembership, Session
from Types.Alert import AlertRule, AlertCondition

fn show_payload(r :: EventPayload!String) -> String do
  case r do
    Ok(p) -> "payload " <> p.message <> " " <> p.level <> " " <> frames(p.stacktrace) <> " " <> exc(p.exception) <> " " <> opt(p.sdk_name)
    Err(e) -> "payload error " <> e
  end
end

fn frames(s) -> String do
  case s do
    Some(fs) -> String.from(List.length(fs)) <> " frames, first " <> List.head(fs).function_name <> ":" <> String.from(List.head(fs).lineno)
    None -> "no frames"
  end
end

fn exc(e) -> String do
  case e do
    Some(x) -> x.type_name <> "(" <> x.value <> ")"
    None -> "no exception"
  end
end

fn opt(o) -> String do
  case o do
    Some(s) -> s
    None -> "none"
  end
end

fn show_key(r :: ApiKey!String) -> String do
  case r do
    Ok(k) -> "key " <> k.key_value <> " revoked=" <> opt(k.revoked_at)
    Err(e) -> "key error " <> e
  end
end

fn show_issue(r :: Issue!String) -> String do
  case r do
    Ok(i) -> "issue " <> i.title <> " count+1=" <> String.from(i.event_count + 1)
    Err(e) -> "issue error " <> e
  end
end

fn show_rule(r :: AlertRule!String) -> String do
  case r do
    Ok(a) -> "rule " <> a.name <> " enabled=" <> String.from(a.enabled)
    Err(e) -> "rule error " <> e
  end
end

fn main() do
  let full = EventPayload {
    message: "boom",
    level: "fatal",
    fingerprint: Some("fp"),
    exception: Some(ExceptionInfo { type_name: "KeyError", value: "k", module_name: "app" }),
    stacktrace: Some([StackFrame { filename: "a.py", function_name: "f", lineno: 3, colno: 1, context_line: "x", in_app: false }]),
    breadcrumbs: Some([Breadcrumb { timestamp: "t", category: "c", message: "m", level: "info" }]),
    tags: Some(%{"env" => "prod"}),
    extra: None,
    user_context: None,
    sdk_name: Some("sdk"),
    sdk_version: None
  }
  let text = Json.encode(full)
  println(text)
  println(show_payload(EventPayload.from_json(text)))
  println(show_payload(EventPayload.from_json("""{"message": "bare", "level": "info"}""")))
  println(show_payload(EventPayload.from_json("""{"level": "info"}""")))
  println(show_key(ApiKey.from_row(%{"id" => "1", "project_id" => "2", "key_value" => "mshr_ab", "label" => "l", "created_at" => "t", "revoked_at" => ""})))
  println(show_key(ApiKey.from_row(%{"id" => "1", "project_id" => "2", "key_value" => "mshr_cd", "label" => "l", "created_at" => "t", "revoked_at" => "2026-01-01 00:00:00+00"})))
  println(show_issue(Issue.from_row(%{"id" => "1", "project_id" => "2", "fingerprint" => "f", "title" => "T", "level" => "error", "status" => "unresolved", "event_count" => "41", "first_seen" => "a", "last_seen" => "b", "assigned_to" => ""})))
  println(show_issue(Issue.from_row(%{"id" => "1", "project_id" => "2", "fingerprint" => "f", "title" => "T", "level" => "error", "status" => "unresolved", "event_count" => "", "first_seen" => "a", "last_seen" => "b", "assigned_to" => ""})))
  println(show_rule(AlertRule.from_row(%{"id" => "1", "project_id" => "2", "name" => "spike", "condition_json" => "{}", "action_json" => "{}", "enabled" => "t", "created_at" => "c"})))
  println(Json.encode(AlertCondition { condition_type: "threshold", threshold: 10, window_minutes: 5 }))
  println(Json.encode([Fatal, Error, Warning, Info, Debug]))
  println(Json.encode([Unresolved, Resolved, Archived]))
  println(Json.encode(Organization { id: "o", name: "Acme", slug: "acme", created_at: "t" }))
  println(Json.encode(Session { token: "tok", user_id: "u", created_at: "c", expires_at: "e" }))
end
