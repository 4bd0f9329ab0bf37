fn connect(host :: String, opts :: Map<String, Int>) -> Int do
  Map.size(opts)
end

fn main() do
  let n = connect("db", port: 5432, name: "main")
  println("${n}")
end
