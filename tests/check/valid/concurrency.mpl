# Jobs, timers, services calling services, actors spawning actors, typed pid
# parameters, pids in messages, a self-looping actor ending with self().
service Log do
  fn init() -> List<String> do
    []
  end

  cast Add(line :: String) do |lines|
    List.append(lines, line)
  end

  call Count() :: Int do |lines|
    (lines, List.length(lines))
  end
end

service Front do
  fn init(log :: Pid) -> Pid do
    log
  end

  call Handle(req :: String) :: String do |log|
    Log.add(log, req)
    (log, "handled ${req} (${Log.count(log)})")
  end
end

type Msg do
  Work(Int, Pid<Int>)
  Quit
end

actor doubler() do
  receive do
    Work(n, reply_to) -> reply(reply_to, n)
    Quit -> self()
  end
end

fn reply(to :: Pid<Int>, n :: Int) -> Pid<Msg> do
  send(to, n * 2)
  spawn(doubler)
end

actor collector(expected :: Int, got :: Int) do
  if got >= expected do
    println("collected ${got}")
    self()
  else
    receive do
      n -> collector(expected, got + 1 + n * 0)
    after 1000 -> self() end
  end
end

actor boss() do
  let worker = spawn(doubler)
  let sink = spawn(collector, 1, 0)
  send(worker, Work(21, sink))
end

fn slow_square(n :: Int) -> Int do
  Timer.sleep(1)
  n * n
end

fn main() do
  let log = Log.start()
  let front = Front.start(log)
  println(Front.handle(front, "GET /"))
  spawn(boss)
  let job = Job.async(fn -> slow_square(7) end)
  case Job.await(job) do
    Ok(v) -> println("job ${v}")
    Err(e) -> println("job failed " <> e)
  end
  let results = Job.map([1, 2, 3], fn n -> n + 1 end)
  println("${List.length(results)}")
  let me = spawn(collector, 0, 0)
  Timer.send_after(me, 5, 1)
  let _ref = Process.monitor(me)
end
