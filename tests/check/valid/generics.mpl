# Generic functions, structs and sum types (5.3, 4.3, 4.4).
struct Pair<A, B> do
  left :: A
  right :: B
end

type Tree<T> do
  Leaf
  Node(Tree<T>, T, Tree<T>)
end

type Outcome<T, E> do
  Good(T)
  Bad(E)
end

fn first_or<T>(xs :: List<T>, fallback :: T) -> T do
  case xs do
    x :: _ -> x
    _ -> fallback
  end
end

fn identity(x) = x

fn swap(p :: Pair<A, B>) -> Pair<B, A> do
  Pair { left: p.right, right: p.left }
end

fn insert(t :: Tree<Int>, v :: Int) -> Tree<Int> do
  case t do
    Leaf -> Node(Leaf, v, Leaf)
    Node(l, x, r) -> if v < x do Node(insert(l, v), x, r) else Node(l, x, insert(r, v)) end
  end
end

fn size(t :: Tree<T>) -> Int do
  case t do
    Leaf -> 0
    Node(l, _, r) -> size(l) + 1 + size(r)
  end
end

fn describe(o :: Outcome<Int, String>) -> String do
  case o do
    Good(n) -> "good ${n}"
    Bad(msg) -> "bad " <> msg
  end
end

fn apply_twice(f :: Fun(Int) -> Int, x :: Int) -> Int do
  f(f(x))
end

fn compose(f, g) = fn x -> g(f(x)) end

fn main() do
  let p = Pair { left: 1, right: "one" }
  let q = swap(p)
  println(q.left <> " ${q.right}")
  println("${first_or([3, 4], 0)} ${first_or([], "none")}")
  println("${identity(5)} ${identity("five")}")
  let t = insert(insert(insert(Leaf, 5), 2), 8)
  println("size ${size(t)}")
  println(describe(Good(1)) <> " " <> describe(Bad("x")))
  println("${apply_twice(fn n -> n * 3 end, 2)}")
  let inc_then_double = compose(fn n -> n + 1 end, fn n -> n * 2 end)
  println("${inc_then_double(4)}")
  let strs = Pair { left: [1, 2], right: %{"a" => 1.5} }
  println("${List.length(strs.left)} ${Map.size(strs.right)}")
end
