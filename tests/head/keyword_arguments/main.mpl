# Keyword arguments (supplement 1.2): the `name: value` arguments of a call
# become one map literal appended after the positional arguments.
fn greet(greeting :: String, opts :: Map<String, String>) -> String do
  let name = Map.get(opts, "name")
  let role = Map.get(opts, "role")
  "${greeting}, ${name} (${role}), ${Map.size(opts)} option(s)"
end

fn only_options(opts :: Map<String, Int>) -> Int do
  Map.get(opts, "a") + Map.get(opts, "b")
end

fn keys(opts :: Map<String, Int>) -> List<String> do
  Map.keys(opts)
end

fn scale(x :: Int, opts :: Map<String, Int>) -> Int do
  x * Map.get(opts, "by")
end

fn main() do
  println(greet("Hello", name: "Ann", role: "admin"))
  # a trailing comma, and the same thing written as a map
  println(greet("Hi", name: "Bob", role: "dev",))
  println(greet("Hi", %{"name" => "Bob", "role" => "dev"}))
  # no positional argument: exactly one argument, the map
  println("${only_options(a: 1, b: 2)}")
  # keys keep their source order; a duplicate key: the later one wins
  println("${keys(z: 1, a: 2, m: 3)}")
  println("${only_options(a: 1, b: 2, a: 10)}")
  # with pipes: the piped value goes first, the map stays last
  let n = 5
    |> scale(by: 3)
    |> scale(by: 2)
  println("${n}")
  println("${7 |> scale(by: 10)}")
  # values may be any expression, including calls with keyword arguments
  println("${scale(1, by: only_options(a: 2, b: 3))}")
end
