# A supervisor restarts a crashing child within its limits (8.4).
actor flaky() do
  println("flaky starts")
  Timer.sleep(10)
  let xs = List.new()
  println("${List.head(xs) + 1}")
end

supervisor Crew do
  strategy: one_for_one
  max_restarts: 2
  max_seconds: 5

  child worker do
    start: fn -> spawn(flaky) end
    restart: transient
    shutdown: 1000
  end
end

fn main() do
  spawn(Crew)
  Timer.sleep(200)
  println("main done")
end
