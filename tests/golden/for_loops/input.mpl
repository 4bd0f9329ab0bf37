# `for` comprehensions over ranges, lists, maps and sets; `when`, `break`, `continue` (6.14).
fn main() do
  let squares = for i in 1..5 do i * i end
  let evens = for x in [5, 6, 7, 8] when x % 2 == 0 do x end
  let keys = for {k, v} in %{"a" => 1, "b" => 2} do "${k}=${v}" end
  let doubled = for x in Set.from_list([3, 1, 3]) do x * 2 end
  println("${squares} ${evens} ${keys} ${doubled}")
  let upto = for i in 0..100 do
    if i == 4 do
      break
    end
    i
  end
  let odd = for i in 0..6 do
    if i % 2 == 0 do
      continue
    end
    i
  end
  println("${upto} ${odd}")
  for i in 0..2 do
    println("line ${i}")
  end
end
