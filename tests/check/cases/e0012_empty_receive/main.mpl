actor waiter() do
  receive do
  end
end

fn main() do
  let p = spawn(waiter)
  send(p, 1)
end
