# `from <StdlibModule> import f`, Tuple functions and the Json alias included.
from Tuple import first, nth
from String import length
from Json import encode

fn main() do
  let t = (1, "a")
  println("${first(t)} ${nth(t, 1)} ${length("abc")} ${encode([1])}")
end
