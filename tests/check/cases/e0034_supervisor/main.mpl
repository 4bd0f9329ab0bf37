from Crew import Sup

fn main() do
  println("x")
end
