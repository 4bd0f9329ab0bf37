fn area(w :: Int, h :: Int) -> Int do
  w * h
end

fn main() do
  println("${area(2, h: 3)}")
end
