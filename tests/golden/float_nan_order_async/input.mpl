# Ordering with a NaN inside, where an Ord impl below can block (issue 10):
# the comparison is the awaited walk compare_async, which orders NaN like
# mesh_cmp does (golden float_nan_order): the first unordered pair makes
# `<`, `<=`, `>` and `>=` false.
struct Slow do
  rank :: Int
end deriving(Eq)

impl Ord for Slow do
  fn compare(self, other :: Slow) -> Ordering do
    Timer.sleep(1)
    if self.rank < other.rank do
      Less
    else if self.rank > other.rank do
      Greater
    else
      Equal
    end
  end
end

fn main() do
  let nan = 0.0 / 0.0
  let a = Slow { rank: 1 }
  let b = Slow { rank: 2 }
  println("${[(a, nan)] < [(a, nan)]} ${[(a, nan)] <= [(a, nan)]} ${[(a, nan)] > [(a, nan)]} ${[(a, nan)] >= [(a, nan)]}")
  println("${[(a, nan)] < [(b, nan)]} ${[(b, nan)] > [(a, nan)]} ${[(a, 1.0)] <= [(a, 1.0)]} ${[(a, 1.0)] < [(a, 2.0)]}")
  println("${[(a, 1.0), (a, nan)] >= [(a, 1.0), (a, nan)]} ${[(a, 1.0)] < [(a, 1.0), (a, nan)]}")
end
