fn main() do
  let a = %{"a" => 1}
  let b = %{"b" => 2}
  println("${a < b}")
end
