from Storage.Queries import insert_event

fn main() do
  println("x")
end
