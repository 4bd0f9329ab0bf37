# Float arithmetic: IEEE division by zero, fmod, `!=` with NaN (9.3).
fn main() do
  let x = 7.5
  println("${x / 2.0} ${x % 2.0} ${-x % 2.0}")
  let inf = 1.0 / 0.0
  let nan = 0.0 / 0.0
  println("${inf} ${-inf} ${nan}")
  println("${nan == nan} ${nan != nan} ${1.5 != 2.5}")
  println("${Math.round(2.5)} ${Math.round(-2.5)} ${Math.floor(-1.5)} ${Float.to_int(-2.7)}")
end
