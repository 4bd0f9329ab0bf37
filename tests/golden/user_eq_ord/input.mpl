# A user Eq or Ord impl decides `==`, `!=`, `<`… of its type everywhere: at
# the top, inside lists, tuples, Options and struct fields, and in a sort
# comparator
# (issue 10; the derived comparison was used before). These impls cannot
# block, so nothing is awaited.
struct Name do
  text :: String
end

impl Eq for Name do
  fn eq(self, other :: Name) -> Bool do
    String.to_lower(self.text) == String.to_lower(other.text)
  end
end

struct Priority do
  level :: Int
end

impl Ord for Priority do
  fn compare(self, other :: Priority) -> Ordering do
    # higher levels first
    if self.level > other.level do
      Less
    else if self.level < other.level do
      Greater
    else
      Equal
    end
  end
end

# equal when the last digits agree; the Hash impl agrees with it
struct Code do
  value :: Int
end

impl Eq for Code do
  fn eq(self, other :: Code) -> Bool do
    self.value % 10 == other.value % 10
  end
end

impl Hash for Code do
  fn hash(self) -> Int do
    self.value % 10
  end
end

struct Task do
  name :: Name
  priority :: Priority
end

fn main() do
  let a = Name { text: "Ada" }
  let b = Name { text: "ADA" }
  let c = Name { text: "Bob" }
  println("${a == b} ${a != b} ${a == c} ${[a, c] == [b, c]} ${Some(a) == Some(b)} ${(a, 1) == (b, 1)}")
  let t1 = Task { name: a, priority: Priority { level: 1 } }
  let t2 = Task { name: b, priority: Priority { level: 1 } }
  println("${t1 == t2}")
  let p1 = Priority { level: 1 }
  let p5 = Priority { level: 5 }
  println("${p5 < p1} ${p1 < p5} ${p1 >= p5} ${[p5] < [p1]}")
  let ps = [p1, p5, Priority { level: 3 }]
  # as map keys: names equal under the user's Eq are one key
  let ages = Map.put(Map.put(%{}, a, 36), b, 37)
  println("${Map.size(ages)} ${Map.get(ages, Name { text: "aDa" })}")
  let codes = Map.put(Map.put(Map.put(%{}, Code { value: 12 }, "a"), Code { value: 22 }, "b"), Code { value: 3 }, "c")
  println("${Map.size(codes)} ${Map.get(codes, Code { value: 2 })}")
  let sorted = List.sort(ps, fn x, y -> if x < y do -1 else if x > y do 1 else 0 end end)
  println("${List.map(sorted, fn p -> p.level end)}")
end
