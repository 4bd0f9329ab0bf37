# RateLimiter: a fixed window per project. Requests 1..max_events of a
# project within a window pass, later ones are refused; the window_ticker
# actor (spawned by start_rate_limiter) resets every counter each
# window_seconds (upstream never spawned it, so its limits never reset).

struct Limits do
  counts :: Map<String, Int>
  max_events :: Int
end

fn check(state :: Limits, project_id :: String) -> (Limits, Bool) do
  let count = if Map.has_key(state.counts, project_id) do Map.get(state.counts, project_id) else 0 end
  if count >= state.max_events do
    (state, false)
  else
    (Limits { counts: Map.put(state.counts, project_id, count + 1), max_events: state.max_events }, true)
  end
end

service RateLimiter do
  fn init(max_events :: Int) -> Limits do
    Limits { counts: Map.new(), max_events: max_events }
  end

  call CheckLimit(project_id :: String) :: Bool do |state|
    check(state, project_id)
  end

  cast ResetWindow() do |state|
    Limits { counts: Map.new(), max_events: state.max_events }
  end
end

actor window_ticker(limiter, interval_ms :: Int) do
  Timer.sleep(interval_ms)
  RateLimiter.reset_window(limiter)
  window_ticker(limiter, interval_ms)
end

# The limiter and its window ticker.
pub fn start_rate_limiter(max_events :: Int, window_seconds :: Int) -> Pid do
  let limiter = RateLimiter.start(max_events)
  spawn(window_ticker, limiter, window_seconds * 1000)
  limiter
end
