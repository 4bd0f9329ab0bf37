struct Bag do
  things :: List<Int>
end

impl Iterable for Bag do
  type Item = Int
  type Iter = ListIterator
  type Cursor = Int
  fn iter(self) -> ListIterator do
    Iter.from(self.things)
  end
end

fn main() do
  for x in Bag { things: [1] } do
    println("${x}")
  end
end
