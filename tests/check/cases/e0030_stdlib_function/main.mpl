fn main() do
  let n = String.no_such_thing("x")
  println("${n}")
end
