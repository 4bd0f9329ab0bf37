fn main() do
  let m = %{"a" => 1, 2 => 2}
  println("${Map.size(m)}")
end
