# Interfaces with default methods, impls for Int and structs, operator traits,
# Display, From + `?` (4.6, 4.7, 6.13).
struct Meters do
  value :: Int
end

struct Parcel do
  label :: String
  grams :: Int
end deriving(Eq, Ord, Display, Debug, Hash, Json)

interface Describe do
  fn describe(self) -> String
  fn shout(self) -> String do
    String.to_upper(self.describe())
  end
end

interface Weighable do
  fn weight(self) -> Int
end

impl Describe for Int do
  fn describe(self) -> String do
    "the number ${self}"
  end
end

impl Describe for Parcel do
  fn describe(self) -> String do
    "parcel ${self.label}"
  end
  fn shout(self) -> String do
    "PARCEL!"
  end
end

impl Weighable for Parcel do
  fn weight(self) -> Int do
    self.grams
  end
end

impl Add for Meters do
  type Output = Meters
  fn add(self, other :: Meters) -> Meters do
    Meters { value: self.value + other.value }
  end
end

impl Neg for Meters do
  type Output = Meters
  fn neg(self) -> Meters do
    Meters { value: 0 - self.value }
  end
end

impl Display for Meters do
  fn to_string(self) -> String do
    "${self.value}m"
  end
end

impl From<Int> for Meters do
  fn from(n :: Int) -> Meters do
    Meters { value: n }
  end
end

struct AppError do
  msg :: String
end

impl From<String> for AppError do
  fn from(s :: String) -> AppError do
    AppError { msg: "wrapped: " <> s }
  end
end

fn low(n :: Int) -> Int!String do
  if n > 0 do Ok(n) else Err("low failed") end
end

fn high(n :: Int) -> Int!AppError do
  let v = low(n)?
  Ok(v + 1)
end

fn heavier(a :: Parcel, b :: Parcel) -> Parcel do
  if a.weight() >= b.weight() do a else b end
end

fn main() do
  let p = Parcel { label: "books", grams: 1200 }
  let q = Parcel { label: "socks", grams: 300 }
  println(p.describe() <> " / " <> p.shout() <> " / " <> heavier(p, q).label)
  println(5.describe() <> " / " <> 7.shout())
  let m = Meters { value: 3 } + Meters.from(4)
  let n = -m
  println("${m} ${n} ${m.to_string()}")
  println("${p == q} ${p < q} ${p}")
  case high(0) do
    Ok(v) -> println("ok ${v}")
    Err(e) -> println("err ${e.msg}")
  end
  let ord = compare(1, 2)
  case ord do
    Less -> println("less")
    Equal -> println("equal")
    Greater -> println("greater")
  end
end
