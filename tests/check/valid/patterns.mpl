# Every pattern form (7.1): literals, tuples, constructors, cons, or, as,
# guards, multi-clause functions with patterns.
type Shape do
  Circle(Float)
  Rect(Float, Float)
  Dot
end

type Light do
  Red
  Amber
  Green
end

fn tier(0) = "empty"
fn tier(n) when n < 10 = "few"
fn tier(_) = "many"

fn greet("en") = "hello"
fn greet("fr") = "bonjour"
fn greet(_) = "?"

fn area(s :: Shape) -> Float do
  case s do
    Circle(r) -> 3.14 * r * r
    Rect(w, h) -> w * h
    Dot -> 0.0
  end
end

fn sum(xs :: List<Int>) -> Int do
  case xs do
    first :: rest -> first + sum(rest)
    _ -> 0
  end
end

fn second_of(xs :: List<Int>) -> Option<Int> do
  case xs do
    _ :: (b :: _) -> Some(b)
    _ -> None
  end
end

fn stop_or_go(l :: Light) -> String do
  case l do
    Red | Amber -> "stop"
    Green -> "go"
  end
end

fn classify(n :: Int) -> String do
  case n do
    0 -> "zero"
    -1 -> "minus one"
    x when x > 100 -> "big"
    _ -> "other"
  end
end

fn keep(o :: Option<Int>) -> String do
  case o do
    Some(v) as whole -> "kept ${v} ${whole}"
    None -> "nothing"
  end
end

fn nested(t :: ((Int, String), Bool)) -> String do
  case t do
    ((n, s), true) -> "${n} ${s} yes"
    ((_, s), false) -> s
  end
end

fn first_ok(r :: Result<Int, String>) -> Int do
  case r do
    Ok(n) when n > 0 -> n
    Ok(_) -> 0
    Err(_) -> -1
  end
end

fn both(a :: Bool, b :: Bool) -> String do
  case a do
    true -> if b do "tt" else "tf" end
    false -> "f"
  end
end

fn fst((a, _)) = a

fn main() do
  println("${tier(0)} ${tier(3)} ${tier(30)} ${greet("fr")} ${greet("de")}")
  println("${area(Circle(1.0))} ${area(Rect(2.0, 3.0))} ${area(Dot)}")
  println("${sum([1, 2, 3])} ${second_of([1, 2])} ${stop_or_go(Amber)}")
  println("${classify(-1)} ${classify(500)} ${keep(Some(2))} ${keep(None)}")
  println(nested(((1, "a"), true)) <> " " <> nested(((2, "b"), false)))
  println("${first_ok(Ok(3))} ${first_ok(Err("x"))} ${both(true, false)} ${fst((1, 2))}")
  let (lo, hi) = (1, 10)
  let (name, (x, y)) = ("pt", (1.5, 2.5))
  println("${lo} ${hi} ${name} ${x + y}")
  let label = case 2.5 do
    2.5 -> "two and a half"
    _ -> "other"
  end
  println(label)
end
