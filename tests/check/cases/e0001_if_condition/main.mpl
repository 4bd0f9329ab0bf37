fn main() do
  let n = 1
  if n do
    println("yes")
  end
end
