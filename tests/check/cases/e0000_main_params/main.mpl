fn main(name :: String) do
  println("hello ${name}")
end
