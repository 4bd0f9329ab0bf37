fn show(w :: Widget) -> String do
  let n = w.size + 1
  w.name <> "${n}"
end

fn main() do
  println("x")
end
