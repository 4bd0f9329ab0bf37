# A WebSocket echo server whose main returns right after Ws.serve, for
# tests/test_http_programs.py: the listening server keeps the program
# running. Echoes each message with the connection's path in front.
# (`ws_send` is `Ws.send`: `send` after a dot needs supplement 1.4.)

fn port_from_env() -> Int do
  case Env.get("WS_PORT") do
    Some(p) -> case String.to_int(p) do
      Some(n) -> n
      None -> 8081
    end
    None -> 8081
  end
end

fn main() do
  let paths = fn(conn, path, headers) do
    Ws.join(conn, path)
    conn
  end
  # on_message's result is ignored: here the Int that ws_send returns
  let echo = fn(conn, text) do
    ws_send(conn, "echo ${text}")
  end
  Ws.serve(paths, echo, fn(conn, code, reason) -> () end, port_from_env())
  println("main done")
end
