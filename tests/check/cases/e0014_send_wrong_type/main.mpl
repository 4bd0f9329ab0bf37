actor counter() do
  receive do
    n -> println("got ${n + 1}")
  end
end

fn main() do
  let pid = spawn(counter)
  send(pid, 1)
  send(pid, "two")
end
