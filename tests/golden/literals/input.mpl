# Literal forms and the display form of each kind of value (sections 2, 10).
fn main() do
  println("${42} ${-7} ${0xFF} ${0b101} ${0o17} ${1_000_000}")
  println("${3.0} ${2.5} ${1.0e10} ${0.1 + 0.2} ${-0.0}")
  println("${true} ${false}")
  println("${[1, 2, 3]} ${["a", "b"]} ${[[1], []]}")
  println("${%{"k" => 1, "j" => 2}}")
  println("${Some(1)} ${None} ${(1, "x")}")
  let t = """triple "quoted" text"""
  println(t)
  println("translated:\t\"tab\" \\ \q \${x}")
end
