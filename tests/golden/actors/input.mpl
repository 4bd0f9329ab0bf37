# Actors (8.2-8.3): spawn with arguments, send, receive with patterns and
# `after`, self(), a tail-recursive actor loop, a terminate clause.
actor summer(total :: Int, reply_to) do
  receive do
    n when n > 0 -> summer(total + n, reply_to)
    0 -> send(reply_to, total)
  end
terminate do
  println("summer stops")
end
end

actor waiter() do
  receive do
    msg -> println("got ${msg}")
  after 50 -> println("nothing came")
  end
end

actor collector() do
  let s = spawn(summer, 0, self())
  send(s, 5)
  send(s, 7)
  send(s, 0)
  receive do
    total -> println("total ${total}")
  end
end

fn main() do
  spawn(collector)
  spawn(waiter)
end
