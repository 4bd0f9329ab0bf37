# 64-bit wrapping Int arithmetic; `/` truncates, `%` takes the dividend's sign (9.2).
fn main() do
  let max = 9223372036854775807
  println("${max + 1} ${max * 2} ${-(max + 1)}")
  println("${7 / 2} ${-7 / 2} ${7 / -2} ${-7 % 3} ${7 % -3}")
  let n = 17
  println("${n / 5} ${n % 5} ${-n % 5} ${n * n - n}")
  println("${2 + 3 * 4} ${10 - 4 - 3} ${2 * 7 % 4} ${2 - -3}")
end
