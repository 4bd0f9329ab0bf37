fn main() do
  let o = Some(true)
  case o do
    Some(true) -> println("yes")
    None -> println("none")
  end
end
