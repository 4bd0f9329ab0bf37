# PipelineRegistry: counts requests to the ingestion routes (401s and 429s
# included) for the load monitor's 5-second line. Handlers get the pool and
# pids through their closure (Api.Helpers.Ctx), not through this registry.

service PipelineRegistry do
  fn init() -> Int do
    0
  end

  cast IncrementEventCount() do |n|
    n + 1
  end

  # The count since the last call, which resets it.
  call TakeEventCount() :: Int do |n|
    (0, n)
  end
end
