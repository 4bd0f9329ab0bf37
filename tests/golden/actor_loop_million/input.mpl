# An actor that loops a million times by calling itself in tail position:
# it runs in constant stack and lets other processes run meanwhile.
actor counter(n :: Int, total :: Int, reply_to) do
  if n == 0 do
    send(reply_to, total)
    self()
  else
    counter(n - 1, total + 1, reply_to)
  end
end

actor main_actor() do
  spawn(counter, 1000000, 0, self())
  receive do
    total -> println("counted ${total}")
  end
end

fn main() do
  spawn(main_actor)
end
