fn main() do
  send(5, "hello")
end
