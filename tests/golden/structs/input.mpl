# Structs: construction by name, field access, deriving, printing, generics, update.
struct Parcel do
  label :: String
  grams :: Int
end

struct Money do
  amount :: Int
  currency :: String
end deriving(Display, Eq)

struct Pair<A, B> do
  left :: A
  right :: B
end deriving(Display)

fn heavier(a :: Parcel, b :: Parcel) -> Parcel do
  if a.grams >= b.grams do a else b end
end

fn main() do
  let books = Parcel { label: "books", grams: 1200 }
  let socks = Parcel { grams: 300, label: "socks" }
  println("${heavier(books, socks)}")
  println("${Money { amount: 5, currency: "EUR" }}")
  println("${Pair { left: 1, right: "x" }}")
  println("${books == Parcel { label: "books", grams: 1200 }} ${books < socks}")
  let lighter = %{books | grams: 100}
  println("${lighter.grams} ${books.grams}")
end
