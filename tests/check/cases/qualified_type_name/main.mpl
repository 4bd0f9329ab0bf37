from Depot import Crate, make

fn weigh(label :: String) -> Int = String.length(label)

fn main() do
  let c = make("nails")
  println("${weigh(c)}")
end
