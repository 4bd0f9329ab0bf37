# A Hash impl that can block (issue 10): hashing happens inside Map and Set
# operations, which cannot await it. The warning is at the impl's `fn hash`
# and names the blocking call, here one level down in a helper.
struct Key do
  id :: Int
end deriving(Eq)

fn slow_code(n :: Int) -> Int do
  Timer.sleep(1)
  n
end

impl Hash for Key do
  fn hash(self) -> Int do
    let base = self.id * 31
    base + slow_code(self.id)
  end
end

service Codes do
  call Code(n :: Int) :: Int do |s|
    (s, n)
  end
end

struct Asked do
  id :: Int
  codes :: Pid
end deriving(Eq)

impl Hash for Asked do
  fn hash(self) -> Int do
    Codes.code(self.codes, self.id)
  end
end

struct Plain do
  id :: Int
end deriving(Eq)

impl Hash for Plain do
  fn hash(self) -> Int do
    self.id
  end
end

fn main() do
  let m = %{Key { id: 1 } => "one", Key { id: 2 } => "two"}
  let p = %{Plain { id: 1 } => 1}
  println("${Map.size(m)} ${Map.size(p)}")
end
