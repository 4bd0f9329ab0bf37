# Services (8.1): init runs in the caller, calls block for the reply,
# casts return at once, state threads from message to message.
service Store do
  fn init(name :: String) -> Map<String, Int> do
    println("opening ${name}")
    %{}
  end

  call Get(key :: String) :: Int do |items|
    let value = if Map.has_key(items, key) do Map.get(items, key) else 0 end
    (items, value)
  end

  call Size() do |items|
    (items, Map.size(items))
  end

  cast Put(key :: String, value :: Int) do |items|
    Map.put(items, key, value)
  end
end

service Counter do
  call Next() :: Int do |n|
    (n + 1, n)
  end
end

fn main() do
  let store = Store.start("inventory")
  println("started")
  Store.put(store, "apples", 3)
  Store.put(store, "pears", 5)
  println("${Store.get(store, "apples")} ${Store.get(store, "kiwis")} ${Store.size(store)}")
  let c = Counter.start()
  let a = Counter.next(c)
  let b = Counter.next(c)
  println("${a} ${b}")
end
