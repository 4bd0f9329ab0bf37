fn find(xs :: List<Int>) -> Option<Int> do
  List.find(xs, fn x -> x > 1 end)
end

fn main() do
  let n = find([1, 2]) + 1
  println("${n}")
end
