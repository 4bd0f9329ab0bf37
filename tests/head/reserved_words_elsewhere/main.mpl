# `send`, `where`, `cast` stay reserved outside the `.` position (supplement 1.4)
fn where(x :: Int) -> Int do
  x
end

fn main() do
  let cast = 1
  println("${cast}")
end
