struct P do
  x :: Int
  x :: Float
end

type Shape do
  Box(w :: Float, w :: Float)
end

fn main() do
  println("x")
end

actor worker() do
  receive do
    m -> println(m)
  end
end

supervisor Sup do
  child w do
    start: fn -> spawn(worker) end
  end
  child w do
    start: fn -> spawn(worker) end
  end
end
