# StreamManager: the WebSocket connections (contract 4.11, 5) with their
# role, project and subscription filters. `event` messages go only to the
# stream clients of the project whose filters match (level, and
# tags.environment); every other message goes to all of them. Sends never
# block: the runtime queues each connection's frames (Ws.send gives -1 for
# a closed or hopelessly slow connection, which is then forgotten) -- that
# queue plays the part of upstream's 100-message buffer.

pub struct Client do
  kind :: String
  project_id :: String
  level :: String
  env :: String
end

struct StreamState do
  clients :: Map<Int, Client>
end

fn matches(c :: Client, project_id :: String, level :: String, env :: String) -> Bool do
  c.kind == "stream" && c.project_id == project_id && (c.level == "" || c.level == level) && (c.env == "" || c.env == env)
end

# Sends msg to the clients that `wanted` accepts; drops the dead ones.
fn deliver(state :: StreamState, wanted :: Fun(Client) -> Bool, msg :: String) -> StreamState do
  let targets = List.filter(Map.to_list(state.clients), fn(pair) do wanted(Tuple.second(pair)) end)
  let dead = List.filter(List.map(targets, fn(pair) do if ws_send(Tuple.first(pair), msg) < 0 do Tuple.first(pair) else 0 end end), fn(c) do c != 0 end)
  StreamState { clients: List.reduce(dead, state.clients, fn(m, c) do Map.delete(m, c) end) }
end

fn has_clients(state :: StreamState, project_id :: String) -> Bool do
  List.any(Map.values(state.clients), fn(c) do c.kind == "stream" && c.project_id == project_id end)
end

fn kind_of(state :: StreamState, conn :: Int) -> Client do
  if Map.has_key(state.clients, conn) do Map.get(state.clients, conn) else Client { kind: "", project_id: "", level: "", env: "" } end
end

service StreamManager do
  fn init() -> StreamState do
    StreamState { clients: Map.new() }
  end

  # kind is "stream" (dashboard) or "ingest" (SDK); re-registering a
  # connection replaces its filters.
  cast RegisterClient(conn :: Int, kind :: String, project_id :: String, level :: String, env :: String) do |state|
    StreamState { clients: Map.put(state.clients, conn, Client { kind: kind, project_id: project_id, level: level, env: env }) }
  end

  cast RemoveClient(conn :: Int) do |state|
    StreamState { clients: Map.delete(state.clients, conn) }
  end

  call GetClient(conn :: Int) :: Client do |state|
    (state, kind_of(state, conn))
  end

  call HasClients(project_id :: String) :: Bool do |state|
    (state, has_clients(state, project_id))
  end

  cast PublishEvent(project_id :: String, level :: String, env :: String, msg :: String) do |state|
    deliver(state, fn(c) do matches(c, project_id, level, env) end, msg)
  end

  cast Publish(project_id :: String, msg :: String) do |state|
    deliver(state, fn(c) do c.kind == "stream" && c.project_id == project_id end, msg)
  end
end
