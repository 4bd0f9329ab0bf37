fn make(opts :: Map<String, String>) -> Int do
  Map.size(opts)
end

fn main() do
  # all keyword values share the map's value type
  let a = make(name: "x", age: 3)
  # and they must fit the parameter's map type
  let b = make(count: 1)
  # a function without a trailing map parameter gets one argument too many
  let c = String.length("abc", upper: true)
  println("${a} ${b} ${c}")
end
