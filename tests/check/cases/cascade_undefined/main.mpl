fn main() do
  let x = undefined_thing
  let y = x + 1
  let z = x.field
  let w = x.method(2)
  println(x)
  println("${y} ${z} ${w}")
  let _r = x?
  case x do
    Some(v) -> println(v)
    None -> println("none")
  end
end
