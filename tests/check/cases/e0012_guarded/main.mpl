fn sign(o :: Option<Int>) -> String do
  case o do
    Some(n) when n > 0 -> "positive"
    Some(n) when n <= 0 -> "not positive"
    None -> "none"
  end
end

fn main() do
  println(sign(Some(1)))
end
