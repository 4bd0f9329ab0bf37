fn bump(p) = %{p | x: 1}

fn main() do
  let b = %{5 | x: 1}
  println("${b} ${bump(1)}")
end
