fn area(w :: Widget) -> Int do
  w.width * 2
end

fn main() do
  let xs :: List<Gadget> = []
  println("${List.length(xs)}")
end
