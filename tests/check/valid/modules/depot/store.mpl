from Depot.Kinds import Kind

pub type Grade do
  Prime
  Standard(Int)
end

pub struct Crate do
  label :: String
  grade :: Grade
  kind :: Kind
end

fn default_grade() -> Grade = Standard(1)

pub fn new_crate(label :: String, n :: Int) -> Crate do
  Crate { label: label, grade: Standard(n), kind: Fresh }
end

pub fn make(label :: String) -> Crate do
  Crate { label: label, grade: default_grade(), kind: Frozen(2) }
end

pub fn count(cs :: List<Crate>) -> Int = List.length(cs)

service Keeper do
  fn init(start :: Int) -> Int do
    start
  end

  cast Add(n :: Int) do |s|
    s + n
  end

  call Total() :: Int do |s|
    (s, s)
  end
end
