actor worker() do
  receive do
    m -> println(m)
  end
end

supervisor Sup do
  child c do
    start: fn -> 42 end
    restart: permanent
  end
end

fn main() do
  let _s = spawn(Sup)
  println("x")
end
