# Functions (section 4.1, 4.2).
fn typed(a :: Int, b :: Float, c :: String) -> String do
  "${a} ${b} ${c}"
end

fn untyped(a, b) do
  a + b
end

fn mixed(a :: Int, b, c :: List<Int>,) -> Int do
  a + b + List.length(c)
end

def defined_with_def(x) = x
pub def public_def() = 0

fn result(x :: Int) -> Int!String do
  if x < 0 do
    return Err("negative")
  end
  Ok(x)
end

fn nested_result() -> List<Organization>!String = Ok([])
fn option(x) -> Int? = Some(x)
fn option_of_result() -> Int!String? = None
fn result_of_option() -> Int?!String = Ok(None)
fn tuple_ret() -> (Int, String) = (1, "a")
fn unit_ret() -> () = ()
fn fun_ret() -> Fun(Int, Int) -> Int = fn a, b -> a + b end
fn no_arg_fun() -> Fun() -> String = fn -> "x" end
fn qualified_type(x :: Types.Event.Event) -> Map<String, List<Int?>> = Map.new()

fn identity<T>(x :: T) -> T = x

fn pair<A, B>(a :: A, b :: B) -> (A, B) do
  (a, b)
end

fn show_all<T>(xs :: List<T>) -> String where T: Display do
  "${xs}"
end

fn compare_all<T, U>(a :: T, b :: U) -> Bool where T: Eq + Ord, U: Display + Debug + Hash do
  true
end

# Multi-clause functions with literal, wildcard, constructor and tuple patterns.
fn tier(0) = "empty"
fn tier(n) when n < 10 = "few"
fn tier(n) when n < 100 and n > 10 do
  "some"
end
fn tier(_) = "many"

fn greet_code("en") = "hello"
fn greet_code("fr") = "bonjour"
fn greet_code(_) = "?"

fn sign(-1) = "minus one"
fn sign(-2.5) = "minus two and a half"
fn sign(_) = "other"

fn unwrap_or(Some(x), _) = x
fn unwrap_or(None, d) = d

fn swap((a, b)) = (b, a)
fn first((x :: _)) = x
fn head_or((h :: _) as whole) = whole
fn with_as(Some(v) as whole, n :: Int) = whole

fn bools(true) = 1
fn bools(false) = 0

fn nothing(nil) = 0

# Without parentheses.
fn main do
  println(tier(5))
  banner()
end

fn banner do
  println("banner")
end

fn one_line() -> Int do 0 end
fn empty_body() do end
fn only_let() do
  let _ = println("x")
end

fn local_fns() do
  fn inner(x) = x + 1
  fn inner_block(y) do
    y * 2
  end
  inner(inner_block(1))
end
