# A service handler starting and calling a service declared further down.
service Front do
  fn init() -> Int do
    0
  end

  call Make() :: Int do |n|
    let b = Back.start(5)
    (n, Back.get(b))
  end
end

service Back do
  fn init(start :: Int) -> Int do
    start
  end

  call Get() :: Int do |n|
    (n, n)
  end
end

fn main() do
  let f = Front.start()
  println("${Front.make(f)}")
end
