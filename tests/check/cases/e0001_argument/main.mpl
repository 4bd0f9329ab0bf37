fn double(x :: Int) -> Int = x * 2

fn main() do
  let n = double("four")
  println("${n}")
end
