# `if` as an expression and as a statement; `else if` chains share one `end`.
fn sign(n :: Int) -> String do
  if n < 0 do
    "negative"
  else if n == 0 do
    "zero"
  else
    "positive"
  end
end

fn main() do
  println("${sign(-5)} ${sign(0)} ${sign(9)}")
  let big = if 10 > 3 do "yes" else "no" end
  println(big)
  if big == "yes" do
    println("statement form")
  end
  let n = 4
  println(if n % 2 == 0 and n > 2 do "even and big" else "other" end)
end
