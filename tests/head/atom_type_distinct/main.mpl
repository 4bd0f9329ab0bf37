fn main() do
  let x :: String = :name
  let y :: Atom = "name"
  println("${x} ${y}")
end
