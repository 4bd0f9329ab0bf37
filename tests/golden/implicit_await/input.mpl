# Implicit calls of user code take the callee's effect (issue 10): every impl
# below blocks (it calls a service or sleeps), and each implicit path that
# reaches one — interpolation, to_string, operators, ==, <, for over an
# Iterable, closures given to List/Iter functions, at the top of a value or
# inside a List, Option, tuple or struct field — awaits it.
service Tally do
  call Bump() :: Int do |n|
    (n + 1, n + 1)
  end
end

struct Money do
  cents :: Int
  tally :: Pid
end

impl Display for Money do
  fn to_string(self) -> String do
    let n = Tally.bump(self.tally)
    "$${self.cents}"
  end
end

impl Add for Money do
  type Output = Money
  fn add(self, other :: Money) -> Money do
    Timer.sleep(1)
    Money { cents: self.cents + other.cents, tally: self.tally }
  end
end

impl Neg for Money do
  type Output = Money
  fn neg(self) -> Money do
    Timer.sleep(1)
    Money { cents: 0 - self.cents, tally: self.tally }
  end
end

impl Eq for Money do
  fn eq(self, other :: Money) -> Bool do
    Tally.bump(self.tally) > 0 and self.cents == other.cents
  end
end

impl Ord for Money do
  fn compare(self, other :: Money) -> Ordering do
    Timer.sleep(1)
    if self.cents < other.cents do
      Less
    else if self.cents > other.cents do
      Greater
    else
      Equal
    end
  end
end

struct Wallet do
  owner :: String
  cash :: Money
end

type Slot do
  Empty
  Held(Money)
end

struct Shelf do
  items :: List<Int>
end

impl Iterable for Shelf do
  type Item = Int
  fn iter(self) -> List<Int> do
    Timer.sleep(1)
    self.items
  end
end

fn describe(m :: Money) -> String do
  "money ${m}"
end

fn main() do
  let t = Tally.start()
  let a = Money { cents: 5, tally: t }
  let b = Money { cents: 7, tally: t }
  # Display: top level, nested in List, Option, tuple, struct field, sum payload
  println("${a} ${[a, b]} ${Some(b)} ${(a, 1)}")
  println("${Wallet { owner: "ann", cash: a }} ${Held(b)} ${Empty}")
  println(a.to_string())
  println([a].to_string())
  println(describe(b))
  # operators
  let c = a + b
  let d = -c
  println("${c.cents} ${d.cents} ${(a + b + c).cents}")
  # equality: top level and inside containers
  println("${a == b} ${a == a} ${a != b} ${[a, b] == [a, b]} ${Some(a) == Some(b)}")
  println("${Wallet { owner: "x", cash: a } == Wallet { owner: "x", cash: a }}")
  # order: top level and inside containers
  println("${a < b} ${b <= a} ${[a, b] < [a, a]} ${(b, 1) > (a, 2)}")
  # for over a blocking Iterable, as a statement and as a value
  for x in Shelf { items: [1, 2] } do
    println("item ${x}")
  end
  let doubled = for x in Shelf { items: [3, 4] } do x * 2 end
  println("${doubled}")
  # closures that block, given to List, Iter and Map functions
  let ys = List.map([1, 2, 3], fn x do
    Timer.sleep(1)
    x * 10
  end)
  let big = List.filter(ys, fn y -> Tally.bump(t) > 0 and y > 10 end)
  println("${ys} ${big}")
  println("calls so far: ${Tally.bump(t)}")
end
