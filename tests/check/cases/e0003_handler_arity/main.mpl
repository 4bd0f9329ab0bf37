service Store do
  fn init() -> Int do
    0
  end

  cast Put(n :: Int) do |s|
    s + n
  end
end

fn main() do
  let s = Store.start()
  Store.put(s)
end
