fn main() do
  let _me = self()
  println("started")
end
