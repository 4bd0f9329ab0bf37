# Implicit calls from generic code (issue 10): a type parameter can be any
# type, so interpolating one takes the joint effect of every Display impl
# (here one that calls a service), and `==` on one compares NaN inside
# containers as unequal.
service Tally do
  call Bump() :: Int do |n|
    (n + 1, n + 1)
  end
end

struct Money do
  cents :: Int
  tally :: Pid
end

impl Display for Money do
  fn to_string(self) -> String do
    Tally.bump(self.tally)
    "$${self.cents}"
  end
end

fn show(x) do
  "<${x}>"
end

fn same(a, b) do
  a == b
end

fn main() do
  let t = Tally.start()
  println(show(Money { cents: 3, tally: t }))
  println(show(42))
  let nan = 0.0 / 0.0
  println("${same([nan], [nan])} ${same([1.5], [1.5])} ${same(1, 1)}")
end
