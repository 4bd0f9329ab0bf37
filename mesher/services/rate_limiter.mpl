# RateLimiter: a fixed window per project. Requests 1..max_events of a
# project within a window pass, later ones are refused. The window_ticker
# actor (spawned by start_rate_limiter; upstream never spawned its ticker,
# so its limits never reset) ticks every second; after window_seconds ticks
# every counter is reset. A refusal says how many seconds are left in the
# window (for Retry-After).
#
# The limiter also remembers which project an API key belongs to, so that
# an ingestion request costs no database round trip for its key: Admit(key)
# answers from memory, and only an unknown key is looked up in PostgreSQL
# (then Remember'ed). A revoked key must stop working at once, so the
# revoke route casts Forget before it answers (its later requests queue
# behind that cast). A key revoked outside mesher (SQL, another node) is
# honoured within key_ttl_seconds: every key is forgotten that often.
# Unknown keys are never remembered, so the map only holds keys that
# worked within the last key_ttl_seconds.
# Admit also counts the ingestion requests for the load monitor (the
# PipelineRegistry counts only those refused before Admit), so a request
# costs one message to one service.

struct Limits do
  counts :: Map<String, Int>
  max_events :: Int
  window_seconds :: Int
  elapsed :: Int
  keys :: Map<String, String>
  key_age :: Int
  requests :: Int
end

fn key_ttl_seconds() -> Int do
  10
end

fn with_counts(state :: Limits, counts :: Map<String, Int>, elapsed :: Int) -> Limits do
  Limits { counts: counts, max_events: state.max_events, window_seconds: state.window_seconds, elapsed: elapsed, keys: state.keys, key_age: state.key_age, requests: state.requests }
end

fn with_keys(state :: Limits, keys :: Map<String, String>, key_age :: Int) -> Limits do
  Limits { counts: state.counts, max_events: state.max_events, window_seconds: state.window_seconds, elapsed: state.elapsed, keys: keys, key_age: key_age, requests: state.requests }
end

fn counted(state :: Limits) -> Limits do
  Limits { counts: state.counts, max_events: state.max_events, window_seconds: state.window_seconds, elapsed: state.elapsed, keys: state.keys, key_age: state.key_age, requests: state.requests + 1 }
end

# (state, (seconds to wait or 0, project id)); project id "" for a key
# not in memory (nothing is counted then: the caller looks it up and
# calls AdmitProject).
fn admit(state :: Limits, key :: String) -> (Limits, (Int, String)) do
  if Map.has_key(state.keys, key) do
    let project_id = Map.get(state.keys, key)
    case check(state, project_id) do
      (next, wait) -> (next, (wait, project_id))
    end
  else
    (state, (0, ""))
  end
end

# (new state, 0 when allowed else the seconds until the window resets).
fn check(state :: Limits, project_id :: String) -> (Limits, Int) do
  let count = if Map.has_key(state.counts, project_id) do Map.get(state.counts, project_id) else 0 end
  if count >= state.max_events do
    (state, state.window_seconds - state.elapsed)
  else
    (with_counts(state, Map.put(state.counts, project_id, count + 1), state.elapsed), 0)
  end
end

fn tick(state :: Limits) -> Limits do
  let aged = if state.key_age + 1 >= key_ttl_seconds() do with_keys(state, Map.new(), 0) else with_keys(state, state.keys, state.key_age + 1) end
  if aged.elapsed + 1 >= aged.window_seconds do
    with_counts(aged, Map.new(), 0)
  else
    with_counts(aged, aged.counts, aged.elapsed + 1)
  end
end

service RateLimiter do
  fn init(max_events :: Int, window_seconds :: Int) -> Limits do
    Limits { counts: Map.new(), max_events: max_events, window_seconds: window_seconds, elapsed: 0, keys: Map.new(), key_age: 0, requests: 0 }
  end

  call CheckLimit(project_id :: String) :: Int do |state|
    check(state, project_id)
  end

  # A request with this API key: (seconds to wait or 0, its project id),
  # or (0, "") when the key is not known here.
  call Admit(key :: String) :: (Int, String) do |state|
    admit(counted(state), key)
  end

  # Admit calls since the last call, which resets the count.
  call TakeRequestCount() :: Int do |state|
    (Limits { counts: state.counts, max_events: state.max_events, window_seconds: state.window_seconds, elapsed: state.elapsed, keys: state.keys, key_age: state.key_age, requests: 0 }, state.requests)
  end

  # A key PostgreSQL found active: remembered, and the request counted.
  call AdmitProject(key :: String, project_id :: String) :: Int do |state|
    check(with_keys(state, Map.put(state.keys, key, project_id), state.key_age), project_id)
  end

  # Keys were revoked: forget every key (the next request of each valid
  # one looks it up again).
  cast Forget() do |state|
    with_keys(state, Map.new(), 0)
  end

  cast Tick() do |state|
    tick(state)
  end
end

actor window_ticker(limiter) do
  Timer.sleep(1000)
  RateLimiter.tick(limiter)
  window_ticker(limiter)
end

# Under supervision (Services.Supervision): the limiter registered as
# "rate_limiter", and a ticker that finds it by name at every tick (so a
# restarted limiter keeps getting ticks).
actor named_window_ticker() do
  Timer.sleep(1000)
  RateLimiter.tick(Process.whereis("rate_limiter"))
  named_window_ticker()
end

pub fn start_named_rate_limiter(max_events :: Int, window_seconds :: Int) -> Pid do
  let limiter = RateLimiter.start(max_events, if window_seconds < 1 do 1 else window_seconds end)
  Process.register("rate_limiter", limiter)
  limiter
end

pub fn start_named_window_ticker() -> Pid do
  spawn(named_window_ticker)
end

# The limiter and its ticker.
pub fn start_rate_limiter(max_events :: Int, window_seconds :: Int) -> Pid do
  let limiter = RateLimiter.start(max_events, if window_seconds < 1 do 1 else window_seconds end)
  spawn(window_ticker, limiter)
  limiter
end
