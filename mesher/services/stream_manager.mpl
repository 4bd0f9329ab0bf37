# StreamManager: the WebSocket stream clients of every project, with their
# subscription filters. (Connections are added by the WebSocket handler.)

struct StreamState do
  projects :: Map<String, Int>
end

service StreamManager do
  fn init() -> StreamState do
    StreamState { projects: Map.new() }
  end

  call HasClients(project_id :: String) :: Bool do |state|
    (state, Map.has_key(state.projects, project_id))
  end

  # An `event` message: delivered to the project's clients whose level and
  # environment filters match.
  cast PublishEvent(project_id :: String, level :: String, env :: String, msg :: String) do |state|
    state
  end

  # Any other message: delivered to every client of the project.
  cast Publish(project_id :: String, msg :: String) do |state|
    state
  end
end
