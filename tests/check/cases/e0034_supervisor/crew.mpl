actor worker() do
  receive do
    m -> println(m)
  end
end

pub supervisor Sup do
  child w do
    start: fn -> spawn(worker) end
  end
end
