# Interfaces and impls (section 4.6).
interface Weighable do
  fn weight(self) -> Int
end

pub interface Container<T> do
  type Item
  type Key
  fn get(self, key :: Self.Key) -> Self.Item?
  fn size(self) -> Int
  fn is_empty(self) -> Bool do
    self.size() == 0
  end
  fn describe(self) -> String = "container of ${self.size()}"
end

interface Default do
  fn default() -> Self
end

impl Weighable for Parcel do
  fn weight(self) -> Int do
    self.grams
  end
end

impl Weighable for Int do
  fn weight(self) -> Int = self
end

impl Container<Int> for Shelf do
  type Item = Int
  type Key = String
  fn get(self, key :: String) -> Int? = Map.get(self.items, key)
  fn size(self) -> Int = Map.size(self.items)
end

impl From<String> for AppError do
  fn from(msg :: String) -> AppError do
    AppError { message: msg }
  end
end

impl Display for Parcel do
  fn to_string(self) -> String = "Parcel(${self.label})"
end

impl Add for Vec do
  type Output = Vec
  fn add(self, other :: Vec) -> Vec do
    Vec { x: self.x + other.x, y: self.y + other.y }
  end
end

impl Neg for Vec do
  fn neg(self) -> Vec = Vec { x: -self.x, y: -self.y }
end

impl Show for Wrapper<T> where T: Display do
  fn show(self) -> String = "${self.inner}"
end

impl Ord for Pair<Int, Int> where A: Ord + Eq, B: Ord do
  fn compare(self, other) -> Ordering = Equal
end

impl Tuple2 for (Int, Int) do
  fn first(self) -> Int = 0
end

fn main() do
  let p = Parcel { label: "x", grams: 7 }
  println("${p.weight()} ${Meters.from(12)} ${p.to_string().length()}")
end
