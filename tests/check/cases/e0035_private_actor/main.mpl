from Workers import hidden, shown

fn main() do
  let p = spawn(shown)
  send(p, 1)
end
