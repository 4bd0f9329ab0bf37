# Summing a list by tail recursion over a cons pattern.
fn total(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    x :: rest -> total(rest, acc + x)
    _ -> acc
  end
end

fn main() do
  let xs = for i in 0..100000 do i end
  println("${total(xs, 0)}")
end
