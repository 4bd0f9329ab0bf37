fn total(xs :: List<Int>) -> Int do
  case xs do
    x :: rest -> x + total(rest)
  end
end

fn main() do
  println("${total([1])}")
end
