fn parse(s :: String) -> Int!String do
  case String.to_int(s) do
    Some(n) -> Ok(n)
    None -> Err("not a number")
  end
end

fn main() do
  case parse("3") do
    Ok(n) -> println("${n}")
  end
end
