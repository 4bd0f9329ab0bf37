# A panic ends only the process it happens in; the rest of the program goes
# on (meshpy isolates crashes, unlike the reference, 11.7).
actor doomed() do
  println("doomed starts")
  let n = 10 / List.length([])
  println("unreachable ${n}")
end

actor survivor() do
  Timer.sleep(50)
  println("survivor still here")
end

fn main() do
  spawn(doomed)
  spawn(survivor)
  Timer.sleep(100)
  println("main still here")
end
