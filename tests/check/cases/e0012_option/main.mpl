fn main() do
  let o = Some(3)
  let n = case o do
    Some(v) -> v
  end
  println("${n}")
end
