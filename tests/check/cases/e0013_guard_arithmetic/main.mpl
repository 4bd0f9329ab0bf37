fn main() do
  let n = 4
  case n do
    x when x + 1 > 3 -> println("big")
    _ -> println("small")
  end
end
