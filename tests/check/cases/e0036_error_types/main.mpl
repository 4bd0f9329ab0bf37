struct AppError do
  msg :: String
end

fn low() -> Int!String do
  Err("low")
end

fn high() -> Int!AppError do
  let v = low()?
  Ok(v)
end

fn main() do
  println("${high()}")
end
