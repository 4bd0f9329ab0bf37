# Only code that can block is `async def` (design.md): `slow_double` sleeps,
# so `via_service` and the closure passed to List.map become async, while
# `pure` stays a plain function.
service Doubler do
  call Double(n :: Int) :: Int do |s|
    (s, n * 2)
  end
end

fn pure(n :: Int) -> Int = n + 1

fn via_service(pid, n :: Int) -> Int do
  Doubler.double(pid, n)
end

fn slow_double(n :: Int) -> Int do
  Timer.sleep(1)
  n * 2
end

fn main() do
  let d = Doubler.start()
  println("${pure(1)} ${via_service(d, 21)}")
  let xs = List.map([1, 2, 3], fn x -> slow_double(x) end)
  println("${xs}")
end
