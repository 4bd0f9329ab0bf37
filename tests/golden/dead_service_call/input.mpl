# A call to a service that has died panics the caller with a clear message
# instead of hanging (11.3).
service Fragile do
  call Boom() :: Int do |s|
    (s, 1 / s)
  end

  call Ping() :: Int do |s|
    (s, 42)
  end
end

fn main() do
  let f = Fragile.start()
  println("calling")
  println("${Fragile.boom(f)}")
  println("unreachable")
end
