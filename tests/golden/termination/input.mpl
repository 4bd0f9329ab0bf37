# After main returns the program runs until every process has finished or
# waits for a message that cannot come (11.6): a sleeping actor keeps it
# alive; an actor idling in `receive` does not.
actor sleeper() do
  Timer.sleep(100)
  println("sleeper woke up")
end

actor idler() do
  receive do
    msg -> println("never ${msg}")
  end
end

fn main() do
  spawn(idler)
  spawn(sleeper)
  println("main returns")
end
