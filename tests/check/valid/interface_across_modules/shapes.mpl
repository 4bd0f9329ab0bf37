fn decorate(s :: String) -> String = "<" <> s <> ">"

pub interface Named do
  fn name(self) -> String
  fn shout(self) -> String do
    decorate(String.to_upper(self.name()))
  end
end
