fn notify(p :: Pid<Int>) do
  send(p, "ready")
end

fn main() do
  println("x")
end
