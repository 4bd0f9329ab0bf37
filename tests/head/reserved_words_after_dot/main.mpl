# `send`, `where`, `cast` are names after `.` (supplement 1.4): these lines
# parse, and the checker (not the parser) says what is wrong with them.
struct P do
  x :: Int
end

fn main() do
  let p = P { x: 1 }
  println(String.where("x"))
  println("${p.cast}")
  println("${p.send} ${p.where}")
  "x" |> String.cast()
end
