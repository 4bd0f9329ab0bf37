# A default method written in another module calls a private helper of that
# module and a method of the implementing type.
from Shapes import Named

struct Cat do
  nick :: String
end

impl Named for Cat do
  fn name(self) -> String = self.nick
end

fn main() do
  println(Cat { nick: "tom" }.shout())
end
