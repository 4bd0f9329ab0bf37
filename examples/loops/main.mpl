# Loops in Mesh: `for` is a comprehension that builds a list; `while` runs
# while its condition holds; `break` and `continue` work in both.

fn is_prime(n :: Int) -> Bool do
  # the divisors of n between 2 and n - 1, collected by a filtered `for`
  let divisors = for d in 2..n when n % d == 0 do d end
  n > 1 and List.length(divisors) == 0
end

# Something has to change between two checks of a `while` condition. Mesh
# values never change, but a service's state does: this one hands out
# numbered tickets, counting down.
service Tickets do
  fn init(first :: Int) -> Int do
    first
  end

  call Next() :: Int do |n|
    (n - 1, n)
  end
end

fn main() do
  let squares = for i in 1..6 do i * i end
  println("squares: ${squares}")
  println("primes below 30: ${for n in 1..30 when is_prime(n) do n end}")

  # Nested comprehensions build nested lists.
  let table = for i in 1..4 do
    for j in 1..4 do i * j end
  end
  println("table: ${table}")

  # A case on a tuple inside the loop body.
  let fizz = for n in 1..16 do
    case (n % 3, n % 5) do
      (0, 0) -> "FizzBuzz"
      (0, _) -> "Fizz"
      (_, 0) -> "Buzz"
      _ -> "${n}"
    end
  end
  println(String.join(fizz, " "))

  # Maps iterate in insertion order with {key, value}; sets in insertion order.
  let stock = %{"apples" => 3, "pears" => 0, "plums" => 12}
  let on_shelf = for {fruit, n} in stock when n > 0 do "${n} ${fruit}" end
  println("on the shelf: ${String.join(on_shelf, ", ")}")
  println("doubled set: ${for x in Set.from_list([3, 1, 3, 2]) do x * 2 end}")

  # `break` stops the loop and keeps what was built so far;
  # `continue` skips an element.
  let small = for n in 10..100 do
    if n * n > 500 do
      break
    end
    n
  end
  println("n*n <= 500 from 10: ${small}")
  let no_threes = for n in 1..10 do
    if n % 3 == 0 do
      continue
    end
    n * 10
  end
  println("skipping multiples of 3: ${no_threes}")

  # `while` with a condition that asks the service.
  let queue = Tickets.start(3)
  while Tickets.next(queue) > 0 do
    println("serving a customer")
  end

  # `while true` with `continue` and `break`.
  let lottery = Tickets.start(100)
  while true do
    let n = Tickets.next(lottery)
    if n % 2 == 1 do
      continue
    end
    if n % 7 == 0 do
      println("ticket ${n} wins, closing the draw")
      break
    end
    println("ticket ${n} does not win")
  end
end
