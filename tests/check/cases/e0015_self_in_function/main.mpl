fn whoami() -> Pid do
  self()
end

fn main() do
  let _p = whoami()
  println("x")
end
