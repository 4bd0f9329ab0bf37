# `receive … after N`: the timeout fires when no message comes in time, and
# not when one does (8.3, 11.5).
actor patient(reply_to) do
  receive do
    msg -> send(reply_to, "patient got ${msg}")
  after 1000 -> send(reply_to, "patient timed out")
  end
end

actor hasty(reply_to) do
  receive do
    msg -> send(reply_to, "hasty got ${msg}")
  after 20 -> send(reply_to, "hasty timed out")
  end
end

actor reporter() do
  let a = spawn(hasty, self())
  let b = spawn(patient, self())
  Timer.sleep(100)
  send(b, "hello")
  receive do
    line -> println(line)
  end
  receive do
    line -> println(line)
  end
end

fn main() do
  spawn(reporter)
end
