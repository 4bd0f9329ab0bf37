service Counter do
  fn init() -> Int do
    0
  end

  call Get() :: Int do |n|
    n
  end
end

fn main() do
  let c = Counter.start()
  println("${Counter.get(c)}")
end
