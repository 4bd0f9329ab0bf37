# Literals, operators, strings, aliases, `def`/`match`, functions without
# parentheses, expression bodies, `else if` chains as values, `nil`,
# `default()`, `compare`, Tuple functions, Option/Result sugar, struct update.
type Converter = Fun(Int) -> String
type Table<V> = Map<String, V>

struct Config do
  name :: String
  retries :: Int
  ratio :: Float
end

def banner do
  println("== banner ==")
end

fn grade(score :: Int) -> String do
  if score >= 90 do
    "A"
  else if score >= 80 do
    "B"
  else
    "C"
  end
end

fn kind(n :: Int) -> String do
  match n do
    0 -> "zero"
    _ -> "other"
  end
end

fn to_text(c :: Converter, n :: Int) -> String = c(n)

fn lookup(t :: Table<Int>, key :: String) -> Int? do
  if Map.has_key(t, key) do Some(Map.get(t, key)) else None end
end

fn halve(n :: Int) -> Int!String do
  if n % 2 == 0 do Ok(n / 2) else Err("odd") end
end

fn main() do
  banner()
  let ints = [7, 1_000, 0xFF, 0b101, 0o17, -3, 2 - -3]
  let floats = [3.14, 2.5e-3, 1e3, -0.5]
  let s = "tab\there ${1 + 2} nested ${"inner ${ints}"} #{not interpolated}"
  let triple = """{"json": [1, 2]}"""
  println(s <> triple)
  println("${ints} ${floats} ${true and not false} ${1 < 2 == true} ${10 - 4 - 3} ${2 * 7 % 4}")
  println("${grade(95)} ${grade(85)} ${grade(10)} ${kind(0)}")
  println(to_text(fn n -> "#${n}" end, 5))
  let t = %{"a" => 1}
  println("${lookup(t, "a")} ${lookup(t, "b")} ${halve(4)} ${halve(3)}")
  let c = Config { name: "svc", retries: 3, ratio: 0.5 }
  let c2 = %{c | retries: 5}
  println("${c2.retries} ${c.name} ${c2.ratio * 2.0}")
  let nothing = nil
  let n :: Int = default()
  let str :: String = default()
  println("${n} [${str}] ${nothing == nil}")
  let order = compare("a", "b")
  let label = case order do
    Less -> "less"
    Equal -> "equal"
    Greater -> "greater"
  end
  let pair = (1, "one", 2.5)
  println(label <> " ${Tuple.first(pair)} ${Tuple.second(pair)} ${Tuple.nth(pair, 2)} ${Tuple.size(pair)}")
  let words = String.split("b a c", " ") |> List.sort(fn x, y -> if x < y do -1 else 1 end end)
  println(String.join(words, ","))
  let maybe :: Option<List<Int>> = Some([1])
  let nested :: List<Int>!String = Ok([])
  println("${maybe} ${nested}")
  let x = 10
  let x = x * 2
  println("${x} ${x > 5 or x < 0} ${-x} ${not (x == 20)}")
end
