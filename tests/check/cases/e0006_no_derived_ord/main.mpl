struct Version do
  major :: Int
  minor :: Int
end deriving(Eq)

fn main() do
  let a = Version { major: 1, minor: 0 }
  let b = Version { major: 1, minor: 2 }
  println("${a == b}")
  println("${a < b}")
end
