fn wait_for() -> String do
  receive do
    msg -> msg
  end
end

fn main() do
  println(wait_for())
end
