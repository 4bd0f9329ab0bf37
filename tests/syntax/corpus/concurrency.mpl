# Services, actors, receive, supervisors (section 8).
service Thermostat do
  fn init(start :: Float) -> Float do
    start
  end

  call Read() :: Float do |t|
    (t, t)
  end

  call Nudge(delta :: Float) do |t|
    let next = t + delta
    (next, next)
  end

  call Untyped(a, b) do |state|
    (state, a + b)
  end

  cast Reset() do |_t|
    20.0
  end

  cast Log(msg :: String) do |s|
    println(msg)
    s
  end

  call NoState() :: Int do
    (0, 1)
  end

  cast NoParens do |s| s end
end

service NoInit do
  call Get() do |n| (n, n) end
end

actor beacon(target, every_ms :: Int) do
  Timer.sleep(every_ms)
  Lamp.blink(target)
  beacon(target, every_ms)
end

actor echo_once() do
  receive do
    text -> println("got ${text}")
  end
terminate do
  println("echo stopping")
end
end

actor no_params do
  println("started")
end

actor counter(n :: Int) do
  receive do
    ("add", k) -> counter(n + k)
    ("get", from) when n >= 0 -> send(from, n)
    "stop" -> self()
    Some(x) | Ok(x) -> counter(x)
  after 500 -> counter(n) end
end

actor waiter() do
  receive do
    msg -> println(msg)
  after 1000 -> println("timed out")
  end
end

actor timeout_only() do
  receive do
    after 10 -> println("nothing")
  end
end

actor with_terminate(x) do
  let me = self()
  link(me)
  receive do
    n -> println("${n + x}")
  end
  terminate do
    println("bye")
  end
end

supervisor LampSup do
  strategy: one_for_one
  max_restarts: 3
  max_seconds: 5

  child primary do
    start: fn -> spawn(echo_once) end
    restart: permanent
    shutdown: 5000
  end

  child secondary do
    start: fn -> spawn(beacon, "lamp", 100) end
    restart: transient
    shutdown: brutal_kill
  end
end

supervisor Minimal do
end

fn main() do
  let pid = Thermostat.start(20.0)
  let now = Thermostat.read(pid)
  Thermostat.reset(pid)
  let a = spawn(echo_once)
  let b = spawn(beacon, pid, 50)
  send(a, "hello")
  send(b, (1, "two"))
  link(a)
  let sup = spawn(LampSup)
  let handle = Process.monitor(a)
  println("supervising ${now}")
end
