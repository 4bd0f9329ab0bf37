# RateLimiter: a fixed window per project. Requests 1..max_events of a
# project within a window pass, later ones are refused. The window_ticker
# actor (spawned by start_rate_limiter; upstream never spawned its ticker,
# so its limits never reset) ticks every second; after window_seconds ticks
# every counter is reset. A refusal says how many seconds are left in the
# window (for Retry-After).

struct Limits do
  counts :: Map<String, Int>
  max_events :: Int
  window_seconds :: Int
  elapsed :: Int
end

fn with_counts(state :: Limits, counts :: Map<String, Int>, elapsed :: Int) -> Limits do
  Limits { counts: counts, max_events: state.max_events, window_seconds: state.window_seconds, elapsed: elapsed }
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
  if state.elapsed + 1 >= state.window_seconds do
    with_counts(state, Map.new(), 0)
  else
    with_counts(state, state.counts, state.elapsed + 1)
  end
end

service RateLimiter do
  fn init(max_events :: Int, window_seconds :: Int) -> Limits do
    Limits { counts: Map.new(), max_events: max_events, window_seconds: window_seconds, elapsed: 0 }
  end

  call CheckLimit(project_id :: String) :: Int do |state|
    check(state, project_id)
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
