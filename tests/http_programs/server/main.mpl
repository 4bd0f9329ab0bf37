# An HTTP server for tests/test_http_programs.py: exact, `:param` and
# wildcard routes, method-specific routes, two middlewares, an async handler
# (it calls a service) and a handler that panics.

service Counter do
  fn init() -> Int do
    0
  end

  call Next() :: Int do |n|
    (n + 1, n + 1)
  end
end

fn port_from_env() -> Int do
  case Env.get("PORT") do
    Some(p) -> case String.to_int(p) do
      Some(n) -> n
      None -> 8080
    end
    None -> 8080
  end
end

fn home(req :: Request) -> Response do
  HTTP.response(200, """{"page":"home"}""")
end

fn user(req :: Request) -> Response do
  case Request.param(req, "id") do
    Some(id) -> HTTP.response(200, "user ${id}")
    None -> HTTP.response(500, "no id")
  end
end

fn search(req :: Request) -> Response do
  case Request.query(req, "q") do
    Some(q) -> HTTP.response(200, "searching ${q}")
    None -> HTTP.response(400, "missing q")
  end
end

fn whoami(req :: Request) -> Response do
  let agent = case Request.header(req, "x-client") do
    Some(v) -> v
    None -> "anonymous"
  end
  HTTP.response(200, "${Request.method(req)} ${Request.path(req)} from ${agent}")
end

# Logs every request, then continues the chain.
fn logger(req :: Request, next :: Fun(Request) -> Response) -> Response do
  println("request ${Request.method(req)} ${Request.path(req)}")
  next(req)
end

# Guards /admin/*: registered second, so it runs inside `logger`.
fn guard(req :: Request, next :: Fun(Request) -> Response) -> Response do
  if String.starts_with(Request.path(req), "/admin") do
    case Request.header(req, "X-Token") do
      Some(t) -> if t == "secret" do
        next(req)
      else
        HTTP.response(403, "forbidden")
      end
      None -> HTTP.response(401, "unauthorized")
    end
  else
    next(req)
  end
end

fn main() do
  let counter = Counter.start()
  let r = HTTP.router()
  let r = HTTP.route(r, "/", home)
  # The wildcard and the pattern are registered before the exact path:
  # exact paths still win, then patterns, then wildcards.
  let r = HTTP.on_get(r, "/users/*", fn(req) -> HTTP.response(200, "any user page ${Request.path(req)}") end)
  let r = HTTP.on_get(r, "/users/:id", fn(req) -> user(req) end)
  let r = HTTP.on_get(r, "/users/me", fn(req) -> HTTP.response(200, "it is me") end)
  let r = HTTP.on_post(r, "/echo", fn(req) -> HTTP.response(201, Request.body(req)) end)
  let r = HTTP.on_put(r, "/items/:id", fn(req) -> HTTP.response(200, "put ${Request.body(req)}") end)
  let r = HTTP.on_delete(r, "/items/:id", fn(req) -> HTTP.response(200, "deleted") end)
  let r = HTTP.on_get(r, "/search", fn(req) -> search(req) end)
  let r = HTTP.on_get(r, "/whoami", fn(req) -> whoami(req) end)
  let r = HTTP.on_get(r, "/static/*", fn(req) -> HTTP.response(200, "static ${Request.path(req)}") end)
  let r = HTTP.on_get(r, "/admin/stats", fn(req) -> HTTP.response(200, "stats") end)
  let r = HTTP.on_get(r, "/count", fn(req) do
    Timer.sleep(5)
    let n = Counter.next(counter)
    HTTP.response(200, "count ${n}")
  end)
  let r = HTTP.on_get(r, "/crash", fn(req) do
    let empty = List.new()
    let first = List.head(empty)
    HTTP.response(200, "never ${first}")
  end)
  let r = HTTP.use(r, fn(req, next) -> logger(req, next) end)
  let r = HTTP.use(r, fn(req, next) -> guard(req, next) end)
  HTTP.serve(r, port_from_env())
end
