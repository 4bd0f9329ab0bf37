fn main() do
  let total = 1
  println("${totl}")
end
