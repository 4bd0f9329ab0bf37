# `?` on Result and Option, early return, and error conversion through From (6.13).
struct AppError do
  msg :: String
end

impl From<String> for AppError do
  fn from(s :: String) -> AppError do
    AppError { msg: "wrapped: " <> s }
  end
end

fn parse(s :: String) -> Int!String do
  case String.to_int(s) do
    Some(n) -> Ok(n)
    None -> Err("bad number ${s}")
  end
end

fn sum2(a :: String, b :: String) -> Int!String do
  let x = parse(a)?
  let y = parse(b)?
  Ok(x + y)
end

fn app(a :: String) -> Int!AppError do
  let v = parse(a)?
  Ok(v * 10)
end

fn first_even(xs :: List<Int>) -> Int? do
  let found = List.find(xs, fn x -> x % 2 == 0 end)?
  Some(found + 1000)
end

fn main() do
  case sum2("1", "2") do
    Ok(v) -> println("ok ${v}")
    Err(e) -> println("err ${e}")
  end
  case sum2("1", "x") do
    Ok(v) -> println("ok ${v}")
    Err(e) -> println("err ${e}")
  end
  case app("q") do
    Ok(v) -> println("ok ${v}")
    Err(e) -> println("err ${e.msg}")
  end
  println("${first_even([1, 4, 5])} ${first_even([1, 3])}")
end
