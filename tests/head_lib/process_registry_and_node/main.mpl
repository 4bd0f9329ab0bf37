# Process.register / whereis, Global, Node (supplement 9.2), single node.
service Counter do
  fn init(start :: Int) -> Int do
    start
  end

  call Add(n :: Int) :: Int do |state|
    (state + n, state + n)
  end
end

actor greeter() do
  receive do
    name -> println("hello, ${name}")
  end
end

fn main() do
  let counter = Counter.start(10)
  println("register: ${Process.register("counter", counter)}")
  println("taken: ${Process.register("counter", counter)}")
  let found = Process.whereis("counter")
  println("call through whereis: ${Counter.add(found, 5)}")
  let g = spawn(greeter)
  println("global: ${Global.register("greeter", g)}")
  send(Global.whereis("greeter"), "world")
  Timer.sleep(20)
  # unknown names answer the null pid; a send to it is dropped
  send(Process.whereis("nobody"), "lost")
  send(Global.whereis("nobody"), "lost")
  println("null pid registers: ${Process.register("ghost", Process.whereis("nobody"))}")
  let node = Node.self()
  if node == "" do
    println("standalone node")
  else
    println("node ${node}")
  end
  println("start: ${Node.start("a@localhost", "cookie")}")
  println("connect: ${Node.connect("b@localhost")}")
  println("peers: ${Node.list()}")
end
