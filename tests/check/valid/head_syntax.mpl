# Mesh as it is today (supplement mesh-language-head.md): checks clean.

fn order_of(ascending :: Bool) -> Atom do
  if ascending do :asc else :desc end
end

fn columns() -> List<Atom> do
  [:id, :name, :created_at]
end

fn main() do
  let o = order_of(true)
  let cols = columns()
  let same = o == :asc
  let by_atom = %{:a => 1}
  println("${o} ${cols} ${same} ${Map.get(by_atom, :a)} a\tb\"c\\")
end
