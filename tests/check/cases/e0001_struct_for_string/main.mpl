struct Parcel do
  label :: String
  grams :: Int
end

fn shout(s :: String) -> String = String.to_upper(s)

fn main() do
  let p = Parcel { label: "box", grams: 3 }
  println(shout(p))
end
