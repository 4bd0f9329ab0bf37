# Actors with typed messages, receive/after, self(), send, spawn (8.2, 8.3).
type Cmd do
  Add(Int)
  Report(Pid<String>)
  Stop
end

actor tally(total :: Int) do
  receive do
    Add(n) -> tally(total + n)
    Report(to) -> do_report(to, total)
    Stop -> self()
  end
end

fn do_report(to :: Pid<String>, total :: Int) -> Pid<Cmd> do
  send(to, "total ${total}")
  spawn(tally, total)
end

actor printer() do
  receive do
    text -> println("printer: " <> text)
  after 100 -> println("printer timed out") end
end

actor echo_once() do
  receive do
    n when n > 10 -> println("big ${n + 0}")
    n -> println("small ${n + 0}")
  end
terminate do
  println("echo stopping")
end
end

actor ticker(n :: Int, every :: Int) do
  if n > 0 do
    Timer.sleep(every)
    ticker(n - 1, every)
  else
    self()
  end
end

actor ponger() do
  receive do
    from -> send(from, "pong")
  end
end

actor pinger() do
  let p = spawn(ponger)
  send(p, self())
  receive do
    reply -> println("pinger got " <> reply)
  end
end

fn start_tally() -> Pid<Cmd> do
  spawn(tally, 0)
end

fn main() do
  let t = start_tally()
  send(t, Add(2))
  send(t, Add(3))
  let pr = spawn(printer)
  send(t, Report(pr))
  send(t, Stop)
  let e = spawn(echo_once)
  send(e, 42)
  spawn(ticker, 2, 10)
  spawn(pinger)
  let worker = spawn(fn -> println("closure process") end)
  link(worker)
  let status = Process.register("printer", pr)
  println("registered: ${status}")
  let found = Process.whereis("printer")
  send(found, "found")
  Timer.send_after(pr, 10, "later")
end
