interface Greeter do
  fn name(self) -> String
  fn greet(self) -> String do
    "hello, ${self.name()}"
  end
end

struct Cat do
  nick :: String
end

struct Dog do
  nick :: String
end

impl Greeter for Cat do
  fn name(self) -> String do
    self.nick
  end
end

impl Greeter for Dog do
  fn name(self) -> String do
    self.nick
  end
end

fn main() do
  println(Cat { nick: "tom" }.greet())
  println(Dog { nick: "rex" }.greet())
end
