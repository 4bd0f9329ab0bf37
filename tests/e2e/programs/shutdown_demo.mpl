# e2e (runtime): graceful shutdown. A service with a Terminate cast, an
# actor with a terminate clause, an HTTP server on the port in $PORT.
service Acc do
  fn init() -> Int do
    0
  end
  cast Add(n :: Int) do |state|
    state + n
  end
  cast Terminate() do |state|
    println("terminate with " <> String.from(state))
    state
  end
end

actor ticker(n :: Int) do
  Timer.sleep(100000)
terminate do
  println("ticker stopping")
end
end

fn port() -> Int do
  case Env.get("PORT") do
    Some(v) -> case String.to_int(v) do
      Some(n) -> n
      None -> 0
    end
    None -> 0
  end
end

fn main() do
  let acc = Acc.start()
  Acc.add(acc, 5)
  Acc.add(acc, 7)
  spawn(ticker, 1)
  println("ready")
  HTTP.serve(HTTP.router(), port())
end
