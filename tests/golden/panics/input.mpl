# A panic in main prints a message naming the .mpl line and exits with 134,
# after flushing what was printed (12.2, 12.3).
fn first(xs :: List<Int>) -> Int = List.head(xs)

fn main() do
  println("before")
  println("${first([])}")
  println("never")
end
