# HTTP.get / HTTP.post against the server that tests/test_http_programs.py
# starts; its address comes from the BASE_URL environment variable.

fn show(label :: String, r :: String!String) do
  case r do
    Ok(body) -> println("${label}: ok ${body}")
    Err(e) -> println("${label}: error ${e}")
  end
end

fn base() -> String do
  case Env.get("BASE_URL") do
    Some(u) -> u
    None -> "http://127.0.0.1:8080"
  end
end

fn main() do
  let url = base()
  show("get", HTTP.get("${url}/hello"))
  show("post", HTTP.post("${url}/echo", "ping from mesh"))
  show("redirect", HTTP.get("${url}/old"))
  show("missing", HTTP.get("${url}/missing"))
  case Env.get("CLOSED_URL") do
    Some(closed) -> case HTTP.get(closed) do
      Ok(_) -> println("closed: unexpected success")
      Err(_) -> println("closed: error")
    end
    None -> println("closed: skipped")
  end
end
