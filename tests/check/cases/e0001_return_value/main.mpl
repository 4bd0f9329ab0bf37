fn count() -> Int do
  let s = "many"
  s
end

fn main() do
  println("${count()}")
end
