# A WebSocket chat next to an HTTP API, for tests/test_http_programs.py.
#
# WS on WS_PORT (0: any free port), HTTP on PORT.
# * on_connect: `/rooms/<name>` joins room <name>; a `token` header other
#   than "letmein" is rejected (close 1008); everything else is accepted.
# * on_message: "/count" answers with the number of messages this
#   connection's room has seen (kept by a service); "/crash" panics (the
#   connection closes with 1011, the others stay); anything else is
#   broadcast to the room, except to the sender, as "<conn>: <text>".
# * on_close prints "closed <code>" on stdout.
# (`ws_send` is `Ws.send`: `send` after a dot needs supplement 1.4.)
# * HTTP POST /rooms/:name/announce broadcasts the body to the room and
#   answers with the number of failed deliveries.

service Counter do
  fn init() -> Map<String, Int> do
    Map.new()
  end

  call Bump(room :: String) :: Int do |counts|
    let n = if Map.has_key(counts, room) do Map.get(counts, room) + 1 else 1 end
    (Map.put(counts, room, n), n)
  end
end

fn port_from_env(name :: String, default :: Int) -> Int do
  case Env.get(name) do
    Some(p) -> case String.to_int(p) do
      Some(n) -> n
      None -> default
    end
    None -> default
  end
end

fn room_of(path :: String) -> String do
  let parts = String.split(path, "/")
  if List.length(parts) >= 3 do
    List.get(parts, 2)
  else
    "lobby"
  end
end

fn on_connect(conn :: Int, path :: String, headers :: Map<String, String>) -> Int do
  let allowed = if Map.has_key(headers, "token") do Map.get(headers, "token") == "letmein" else true end
  if allowed do
    Ws.join(conn, room_of(path))
    ws_send(conn, "welcome ${room_of(path)}")
    conn
  else
    0
  end
end

fn main() do
  let counter = Counter.start()
  let on_message = fn(conn :: Int, text :: String) do
    if text == "/crash" do
      let empty = List.new()
      let first = List.head(empty)
      println("never ${first}")
    else
      let room = "chat"
      let n = Counter.bump(counter, room)
      if text == "/count" do
        ws_send(conn, "count ${n}")
      else
        Ws.broadcast_except(room, "${conn}: ${text}", conn)
      end
      ()
    end
  end
  let on_close = fn(conn :: Int, code :: Int, reason :: String) do
    println("closed ${code}")
  end
  Ws.serve(fn(c, p, h) -> on_connect(c, p, h) end, on_message, on_close, port_from_env("WS_PORT", 8081))
  let r = HTTP.router()
  let r = HTTP.on_post(r, "/rooms/:name/announce", fn(req) do
    let room = case Request.param(req, "name") do
      Some(n) -> n
      None -> "lobby"
    end
    let failed = Ws.broadcast(room, Request.body(req))
    HTTP.response_with_headers(200, "failed ${failed}", %{"X-Room" => room})
  end)
  HTTP.serve(r, port_from_env("PORT", 8080))
end
