# A reverse-Polish calculator that trusts its input too much. Runtime
# errors such as taking the head of an empty list are panics: the program
# stops with a message on stderr and exit status 134. Everything printed
# before the panic is still there.

# The stack is a list with its top first.
fn push(stack :: List<Int>, x :: Int) -> List<Int> do
  [x] ++ stack
end

# Pop two operands and push the result. With fewer than two values on the
# stack, List.head panics.
fn apply(stack :: List<Int>, op :: Fun(Int, Int) -> Int) -> List<Int> do
  let b = List.head(stack)
  let a = List.head(List.tail(stack))
  push(List.tail(List.tail(stack)), op(a, b))
end

fn number(token :: String) -> Int do
  case String.to_int(token) do
    Some(n) -> n
    None -> 0
  end
end

fn eval(tokens :: List<String>, stack :: List<Int>) -> Int do
  case tokens do
    "+" :: rest -> eval(rest, apply(stack, fn a, b -> a + b end))
    "-" :: rest -> eval(rest, apply(stack, fn a, b -> a - b end))
    "*" :: rest -> eval(rest, apply(stack, fn a, b -> a * b end))
    "/" :: rest -> eval(rest, apply(stack, fn a, b -> a / b end))
    token :: rest -> eval(rest, push(stack, number(token)))
    _ -> List.head(stack)
  end
end

fn run(program :: String) do
  println("evaluating: ${program}")
  let result = eval(String.split(program, " "), [])
  println("  = ${result}")
end

fn main() do
  run("3 4 +")
  run("5 1 2 + 4 * + 3 -")
  run("2 3 4 * + 10 -")
  run("7 2 /")
  run("1 +")    # only one operand: this one panics
  run("6 7 *")  # never reached
end
