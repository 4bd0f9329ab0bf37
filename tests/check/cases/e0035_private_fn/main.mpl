from Helpers import secret

fn main() do
  println(secret())
end
