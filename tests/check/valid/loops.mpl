# Loops, comprehensions, break/continue, while (6.14), early return (6.3).
fn find_first_negative(xs :: List<Int>) -> Option<Int> do
  for x in xs do
    if x < 0 do
      return Some(x)
    end
  end
  None
end

fn checked_div(a :: Int, b :: Int) -> Int!String do
  if b == 0 do
    return Err("zero divisor")
  end
  Ok(a / b)
end

fn main() do
  let squares = for i in 1..4 do i * i end
  let evens = for x in [5, 6, 7, 8] when x % 2 == 0 do x end
  let names = for {k, v} in %{"a" => 1, "b" => 2} do k <> "${v}" end
  let firsts = for x in [1, 2, 3, 4, 5] do
    if x == 4 do
      break
    end
    if x == 2 do
      continue
    end
    x * 10
  end
  let set_items = for s in Set.from_list([3, 1]) do s + 1 end
  let pairs = for i in 0..2 do
    for j in 0..2 do (i, j) end
  end
  println("${squares} ${evens} ${names} ${firsts} ${set_items} ${List.length(pairs)}")
  let mut_like = 3
  while mut_like > 100 do
    println("never")
  end
  while true do
    println("once")
    break
  end
  println("${find_first_negative([1, -2, 3])} ${checked_div(4, 0)}")
  let r = Range.new(0, 3)
  println("${Range.length(r)} ${Range.to_list(r)}")
end
