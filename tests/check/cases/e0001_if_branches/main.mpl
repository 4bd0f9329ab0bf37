fn pick(flag :: Bool) -> Int do
  if flag do
    1
  else
    "one"
  end
end

fn main() do
  println("${pick(true)}")
end
