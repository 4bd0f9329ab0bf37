fn main() do
  let n = Helpers.double(3)
  println("${n}")
end
