# Generics: one binary search tree type that works for any ordered element
# type, a generic Pair struct, and generic functions over both.

# A recursive, generic sum type.
type Tree<T> do
  Leaf
  Node(Tree<T>, T, Tree<T>)
end deriving(Display)

# `where T: Ord` lets the body compare elements with < and >.
fn insert<T>(tree :: Tree<T>, x :: T) -> Tree<T> where T: Ord do
  case tree do
    Leaf -> Node(Leaf, x, Leaf)
    Node(left, v, right) -> if x < v do
      Node(insert(left, x), v, right)
    else if x > v do
      Node(left, v, insert(right, x))
    else
      tree
    end
  end
end

fn contains<T>(tree :: Tree<T>, x :: T) -> Bool where T: Ord do
  case tree do
    Leaf -> false
    Node(_, v, _) when x == v -> true
    Node(left, v, right) -> if x < v do contains(left, x) else contains(right, x) end
  end
end

fn from_list<T>(xs :: List<T>) -> Tree<T> where T: Ord do
  List.reduce(xs, Leaf, fn tree, x -> insert(tree, x) end)
end

# In-order traversal gives the elements sorted.
fn to_list<T>(tree :: Tree<T>) -> List<T> do
  case tree do
    Leaf -> []
    Node(left, v, right) -> to_list(left) ++ [v] ++ to_list(right)
  end
end

fn depth<T>(tree :: Tree<T>) -> Int do
  case tree do
    Leaf -> 0
    Node(left, _, right) -> 1 + Math.max(depth(left), depth(right))
  end
end

# A generic struct; derived Ord compares `first`, then `second`.
struct Pair<A, B> do
  first :: A
  second :: B
end deriving(Eq, Ord, Display)

fn swap<A, B>(p :: Pair<A, B>) -> Pair<B, A> do
  Pair { first: p.second, second: p.first }
end

fn main() do
  let numbers = from_list([50, 30, 70, 20, 40, 60, 80, 30])
  println("numbers: ${to_list(numbers)}")
  println("depth ${depth(numbers)}, has 40: ${contains(numbers, 40)}, has 45: ${contains(numbers, 45)}")

  let words = from_list(["pear", "apple", "fig", "banana", "apple"])
  println("words: ${to_list(words)}")

  let small = from_list([2, 1, 3])
  println("small tree: ${small}")

  # The same functions, now with Pair<Int, String> elements.
  let pairs = from_list([Pair { first: 2, second: "b" }, Pair { first: 1, second: "z" }, Pair { first: 2, second: "a" }])
  println("pairs: ${to_list(pairs)}")
  println("swapped: ${swap(Pair { first: 1, second: "one" })}")
  println("empty tree: ${to_list(from_list(List.new()) |> insert(7))}, depth ${depth(Leaf)}")
end
