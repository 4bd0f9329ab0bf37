fn first_or<T>(xs :: List<T>, fallback :: T) -> T do
  case xs do
    x :: _ -> x
    _ -> fallback
  end
end

fn main() do
  let v = first_or([1, 2], "none")
  println("${v}")
end
