fn main() do
  let spare = 1
  let n :: String = 5
  println(n)
end
