type Token do
  Word(String)
  Number(Int)
end deriving()

fn main() do
  let a = Word("x")
  println("${a == Number(1)}")
end
