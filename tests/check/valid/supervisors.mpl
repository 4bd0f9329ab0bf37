# Supervisors (8.4).
actor worker() do
  receive do
    msg -> println("worker got " <> msg)
  end
end

actor quiet() do
  let x = 1 + 1
  x
end

supervisor Crew do
  strategy: one_for_all
  max_restarts: 5
  max_seconds: 10

  child w1 do
    start: fn -> spawn(worker) end
    restart: permanent
    shutdown: 1000
  end

  child w2 do
    start: fn -> spawn(quiet) end
    restart: temporary
    shutdown: brutal_kill
  end
end

supervisor Solo do
  child only do
    start: fn -> spawn(quiet) end
  end
end

fn main() do
  let _sup = spawn(Crew)
  let _solo = spawn(Solo)
  Timer.sleep(20)
  println("supervised")
end
