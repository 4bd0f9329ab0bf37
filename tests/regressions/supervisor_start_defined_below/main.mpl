service Counter do
  fn init(n :: Int) -> Int do
    n
  end
  call Get() :: Int do |n|
    (n, n)
  end
end

supervisor Sup do
  strategy: one_for_one
  child a do
    start: start_a
    restart: temporary
  end
  child b do
    start: fn -> start_b() end
    restart: temporary
  end
end

fn start_a() -> Pid do
  println("a starting")
  let p = Counter.start(1)
  p
end

fn start_b() -> Pid do
  println("b starting")
  let p = Counter.start(2)
  p
end

fn main() do
  let s = spawn(Sup)
  Timer.sleep(100)
  println("done")
end
