fn main() do
  let n :: Int = "ten"
  println("${n}")
end
