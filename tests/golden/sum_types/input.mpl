# Sum types: construction, matching, derived Eq/Ord/Display, generic and recursive types.
type Signal do
  Off
  Dim(Int)
  Rgb(Int, Int, Int)
end deriving(Eq, Ord, Display)

type Tree do
  Leaf
  Node(Tree, Int, Tree)
end

type Box<T> do
  Full(T)
  Void
end

fn total(t :: Tree) -> Int do
  case t do
    Leaf -> 0
    Node(l, v, r) -> total(l) + v + total(r)
  end
end

fn unbox(b :: Box<Int>) -> Int do
  case b do
    Full(v) -> v
    Void -> 0
  end
end

fn main() do
  let s = Rgb(1, 2, 3)
  println("${Off} ${Dim(40)} ${s}")
  println("${Dim(1) == Dim(1)} ${Off < Dim(0)} ${Dim(5) > Dim(2)}")
  let t = Node(Node(Leaf, 1, Leaf), 2, Node(Leaf, 3, Leaf))
  println("${total(t)} ${unbox(Full(9))} ${unbox(Void)}")
end
