# Supervisor limits: a crashing child is restarted while it stays within
# max_restarts in max_seconds; past that the supervisor gives up.
actor crasher() do
  println("crasher up")
  let xs = List.new()
  println("${List.head(xs)}")
end

supervisor Patient do
  strategy: one_for_one
  max_restarts: 2
  max_seconds: 10

  child c do
    start: fn -> spawn(crasher) end
    restart: permanent
  end
end

fn main() do
  spawn(Patient)
  Timer.sleep(300)
  println("main done")
end
