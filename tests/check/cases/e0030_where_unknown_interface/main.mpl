fn show_all<T>(xs :: List<T>) -> Int where T: Printable do
  List.length(xs)
end

fn main() do
  println("${show_all([1])}")
end
