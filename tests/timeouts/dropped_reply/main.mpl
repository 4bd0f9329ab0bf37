# A reply that never comes: each Ring instance answers a call by calling the
# next one, and the second calls the first back while the first is still
# busy, so neither replies. The ticker keeps the program alive, so the
# runtime's deadlock detection never fires: the program just hangs.
service Ring do
  fn init() -> Int do
    0
  end

  call Pass(next, back) :: Int do |s|
    (s, Ring.pass(next, back, next))
  end
end

actor ticker() do
  Timer.sleep(100)
  ticker()
end

fn main() do
  spawn(ticker)
  let a = Ring.start()
  let b = Ring.start()
  println("asking")
  println("${Ring.pass(a, b, a)}")
end
