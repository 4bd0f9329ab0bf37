# `let` shadows; an inner block's bindings end with the block; closures keep
# the value they captured.
fn main() do
  let x = 1
  let f = fn -> x * 10 end
  let x = x + 1
  if x > 0 do
    let x = 100
    println("inner ${x}")
  end
  println("outer ${x} closure ${f()}")
  let (a, b) = (3, "three")
  println("${a} ${b}")
end
