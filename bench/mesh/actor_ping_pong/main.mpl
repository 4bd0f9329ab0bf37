# 200,000 round trips between two actors; each message is the sender's pid.
actor ponger() do
  receive do
    from -> send(from, self())
  end
  ponger()
end

actor pinger(peer, left :: Int) do
  if left == 0 do
    println("actor_ping_pong round_trips=200000")
    self()
  else
    send(peer, self())
    receive do
      _ -> pinger(peer, left - 1)
    end
  end
end

fn main() do
  let peer = spawn(ponger)
  spawn(pinger, peer, 200000)
end
