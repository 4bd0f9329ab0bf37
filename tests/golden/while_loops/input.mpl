# `while` with `break` (6.14).
fn main() do
  let n = 3
  while n > 0 do
    println("once")
    break
  end
  while false do
    println("never")
  end
  println("done")
end
