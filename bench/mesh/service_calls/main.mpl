# 200,000 synchronous calls from main to a counter service.
service Tally do
  fn init(start :: Int) -> Int do
    start
  end

  call Bump(step :: Int) :: Int do |count|
    (count + step, count + step)
  end
end

fn drive(pid, i :: Int, n :: Int, checksum :: Int) -> Int do
  if i < n do
    drive(pid, i + 1, n, checksum + Tally.bump(pid, 1))
  else
    checksum
  end
end

fn main() do
  let pid = Tally.start(0)
  println("service_calls calls=200000 checksum=${drive(pid, 0, 200000, 0)}")
end
