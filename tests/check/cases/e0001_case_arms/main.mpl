fn label(n :: Int) do
  case n do
    0 -> "zero"
    1 -> 1.5
    _ -> "many"
  end
end

fn main() do
  println(label(1))
end
