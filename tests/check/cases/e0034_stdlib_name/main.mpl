from String import lenght

fn main() do
  println("${lenght("abc")}")
end
