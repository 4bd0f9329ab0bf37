fn main() do
  let xs = for x in [1, 2, 3] do
    List.map([x], fn y do
      continue
      y
    end)
  end
  println("${xs}")
end
