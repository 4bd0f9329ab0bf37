actor worker(label :: String) do
  println("${label} started")
  receive do
    _ -> ()
  end
end

supervisor Sup do
  strategy: one_for_one
  child a do
    start: fn -> case 1 do
      1 -> spawn(worker, "a")
      _ -> spawn(worker, "a?")
    end end
    restart: temporary
  end
  child b do
    start: fn -> case 2 do
      2 -> spawn(worker, "b")
      _ -> spawn(worker, "b?")
    end end
    restart: temporary
  end
end

fn main() do
  let s = spawn(Sup)
  Timer.sleep(100)
  println("done")
end
