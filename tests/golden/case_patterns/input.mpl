# `case` with every pattern form of section 7.
type Light do
  Red
  Amber
  Green
end

fn describe(xs :: List<Int>) -> String do
  case xs do
    first :: rest when first > 100 -> "starts big, ${List.length(rest)} more"
    first :: _ -> "starts with ${first}"
    _ -> "empty"
  end
end

fn light(l :: Light) -> String do
  case l do
    Red | Amber -> "stop"
    Green -> "go"
  end
end

fn main() do
  println(describe([500, 1, 2]))
  println(describe([1]))
  println(describe([]))
  println("${light(Red)} ${light(Amber)} ${light(Green)}")
  let pair = (1, "one")
  case pair do
    (0, _) -> println("zero")
    (n, word) -> println("${n} is ${word}")
  end
  let maybe = Some(42)
  case maybe do
    Some(v) as whole when v > 40 -> println("big ${whole}")
    Some(v) -> println("small ${v}")
    None -> println("none")
  end
  case "hi" do
    "hello" -> println("long")
    "hi" -> println("short")
    _ -> println("other")
  end
  case -1 do
    -1 -> println("minus one")
    _ -> println("other")
  end
end
