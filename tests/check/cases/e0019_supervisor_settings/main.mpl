actor worker() do
  receive do
    m -> println(m)
  end
end

supervisor Sup do
  strategy: round_robin
  max_restarts: many
  patience: 3

  child w do
    start: fn -> spawn(worker) end
    restart: sometimes
  end
end

fn main() do
  let _s = spawn(Sup)
  println("x")
end
