type Light do
  Red
  Green
end

fn name(l :: Light) -> String do
  case l do
    Red -> "red"
    Blue -> "blue"
    Purple(x) -> "purple"
    _ -> "other"
  end
end

fn main() do
  println(name(Green))
end
