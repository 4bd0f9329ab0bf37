fn first_positive(xs :: List<Int>) -> Int do
  for x in xs do
    if x > 0 do
      return "found"
    end
  end
  0
end

fn main() do
  println("${first_positive([1])}")
end
