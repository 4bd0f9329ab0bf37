supervisor Sup do
  child c do
    start: 7
  end
end

fn main() do
  let _s = spawn(Sup)
  println("x")
end
