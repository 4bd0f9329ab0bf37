fn inc(x :: Int) -> Int = x + 1

fn main() do
  let f = fn x -> x + 1 end
  if f == inc do
    println("same")
  end
end
