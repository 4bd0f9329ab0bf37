# `Iterable` has the associated types `Item` and `Iter` (supplement 9.5;
# e2e_iterator_iterable).
struct Bag do
  things :: List<Int>
end

impl Iterable for Bag do
  type Item = Int
  type Iter = ListIterator
  fn iter(self) -> ListIterator do
    Iter.from(self.things)
  end
end

struct Words do
  text :: String
end

impl Iterable for Words do
  type Item = String
  type Iter = ListIterator
  fn iter(self) -> ListIterator do
    Iter.from(String.split(self.text, " "))
  end
end

fn main() do
  let bag = Bag { things: [1, 2, 3, 4, 5] }
  let quadrupled = for x in bag do
    x * 4
  end
  println("${quadrupled}")
  for x in bag do
    println("${x}")
  end
  for w in Words { text: "one two" } do
    println(String.to_upper(w))
  end
end
