type Handler = Fun(Handler) -> String
type A = List<B>
type B = Option<A>
type Fine = List<Int>

fn main() do
  let xs :: Fine = [1]
  println("${List.length(xs)}")
end
