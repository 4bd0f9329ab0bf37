# W0003 reports a `let` of an effect-free value that is never read: dead
# code. Not reported: parameters (handlers, impl methods and callbacks often
# must accept arguments they ignore), pattern variables of arms and `for`
# binders, `let`s of calls (naming a result documents it), names starting
# with `_`, and `let _ = …`.
fn f(a :: Int, b :: Int, _c :: Int) -> Int do
  let doubled = b * 2
  let label = "b is ${b}"
  let parts = String.split("a,b", ",")
  let logged = println("side effect")
  a
end

fn main() do
  let pick = fn x, y -> x end
  let xs = for x in [1, 2, 3] do "tick" end
  case Some(1) do
    Some(v) -> println("some")
    None -> println("none")
  end
  let (first, second) = (1, 2)
  println("${f(1, 2, 3)} ${pick(1, 2)} ${xs} ${first}")
end
