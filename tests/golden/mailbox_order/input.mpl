# Messages from one sender arrive in the order sent; a cast followed by a
# call from the same caller is handled cast first (11.2).
actor printer() do
  let more = receive do
    "stop" -> false
    text -> show(text)
  end
  if more do printer() else println("stopped") end
end

fn show(text :: String) -> Bool do
  println(text)
  true
end

service Log do
  fn init() -> List<Int> do
    []
  end

  cast Add(n :: Int) do |items|
    List.append(items, n)
  end

  call All() :: List<Int> do |items|
    (items, items)
  end
end

fn main() do
  let p = spawn(printer)
  send(p, "one")
  send(p, "two")
  send(p, "three")
  send(p, "stop")
  let log = Log.start()
  Log.add(log, 1)
  Log.add(log, 2)
  Log.add(log, 3)
  println("${Log.all(log)}")
end
