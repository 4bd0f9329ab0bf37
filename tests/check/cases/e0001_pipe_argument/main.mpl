fn main() do
  let n = 5 |> String.length()
  println("${n}")
end
