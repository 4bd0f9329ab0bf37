fn main() do
  receive do
    msg -> println(msg)
  end
end
