# Ping-pong: two actors pass a counter back and forth; each message carries
# the sender's pid, so the receiver knows where to reply.
actor ponger() do
  receive do
    (n, from) -> send(from, (n + 1, self()))
  end
  ponger()
end

fn volley(n :: Int, partner, me) -> Bool do
  println("ping got ${n}")
  send(partner, (n + 1, me))
  true
end

actor pinger(rounds :: Int) do
  let again = receive do
    (n, from) when n < rounds -> volley(n, from, self())
    (n, _) -> false
  end
  if again do pinger(rounds) else println("pinger done") end
end

fn main() do
  let pong = spawn(ponger)
  let ping = spawn(pinger, 6)
  send(pong, (0, ping))
end
