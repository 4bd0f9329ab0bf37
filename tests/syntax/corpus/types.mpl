# Structs, sum types and aliases (sections 4.3-4.5, 5.2).
struct Plain do
  name :: String
  count :: Int
end

pub struct Reading do
  sensor :: String
  celsius :: Float
  ok :: Bool
  tags :: List<String>
  extra :: Option<ExceptionInfo>
  frames :: Option<List<StackFrame>>
  lookup :: Map<String, List<Int>>
  maybe :: Int?
  outcome :: Int!String
  pair :: (Int, String)
  callback :: Fun(Int) -> String
  owner :: Pid
  nested :: Types.Event.Event
end deriving(Json, Row)

struct Pair<A, B> do
  left :: A
  right :: B
end deriving(Eq, Ord, Display, Debug, Hash)

struct NothingDerived do
  x :: Int
end deriving()

struct Empty do
end

pub type Signal do
  Off
  Dim(Int)
  Rgb(Int, Int, Int)
  Box(w :: Float, h :: Float)
  Mixed(label :: String, Int)
end deriving(Eq, Display)

type Tree<T> do
  Leaf
  Node(Tree<T>, T, Tree<T>)
end

type Severity do
  Debug
  Info
  Warning
  Error
  Fatal
end deriving(Json)

type Converter = Fun(Int) -> String
type Pairs<K> = List<(K, K)>
type MaybeList = Option<List<Int>>
type Fallible = Int!String
type Thunk = Fun() -> ()

fn main() do
  let r = Reading { sensor: "s1", celsius: 21.5, ok: true, tags: [], extra: None, frames: None, lookup: %{}, maybe: Some(1), outcome: Ok(1), pair: (1, "a"), callback: fn n -> "${n}" end, owner: self_pid(), nested: e }
  let p = Pair { left: 1, right: "x" }
  let q = Pair {
    left: 2,
    right: "y",
  }
  let s = Signal.Dim(40)
  let t = Rgb(1, 2, 3)
  println("${r.sensor} ${p.left} ${q.right} ${s} ${t}")
end
