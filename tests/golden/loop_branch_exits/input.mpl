# A `for` that collects its items, where a branch leaves the iteration
# (`continue`/`break`) and another yields the item: the item must still be
# appended after the branches (only a statement after which nothing runs
# on every path ends the iteration).

fn tens(xs :: List<Int>) -> List<Int> do
  for x in xs do
    if x > 2 do
      x * 10
    else
      continue
    end
  end
end

fn main() do
  println("${tens([1, 2, 3, 4])}")
  let firsts = for x in [1, 2, 3, 4, 5] do
    if x == 4 do
      break
    else if x == 1 do
      continue
    else
      x + 100
    end
  end
  println("${firsts}")
  let cased = for x in [1, 2, 3, 4, 5] do
    case x do
      1 -> continue
      4 -> break
      _ -> x
    end
  end
  println("${cased}")
  let all_exit = for x in [1, 2, 3] do
    if x == 2 do
      break
    else
      continue
    end
  end
  println("${all_exit}")
end
