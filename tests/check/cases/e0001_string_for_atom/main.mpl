fn order(field :: Atom) -> Atom do
  field
end

fn main() do
  let fields = [:id, "name"]
  let o = order("email")
  println("${fields} ${o}")
end
