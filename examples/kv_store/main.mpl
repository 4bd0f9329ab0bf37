# Services: a counter and a key-value store (in the module Store.Kv), each a
# process holding state that callers reach through generated functions.

from Store.Kv import KvStore
import Store.Kv

# A counter. Handler names are PascalCase; the client functions are their
# snake_case forms: Counter.next(pid), Counter.add(pid, k), …
service Counter do
  fn init(start :: Int) -> Int do
    println("counter starting at ${start}")  # init runs in the caller
    start
  end

  call Next() :: Int do |n|
    (n + 1, n + 1)
  end

  call Value() :: Int do |n|
    (n, n)
  end

  cast Add(k :: Int) do |n|
    n + k
  end

  cast Reset() do |_n|
    0
  end
end

fn previous(o :: Option<String>) -> String do
  case o do
    Some(v) -> "replaced ${v}"
    None -> "new key"
  end
end

fn main() do
  let hits = Counter.start(0)
  let big = Counter.start(100)
  println("next: ${Counter.next(hits)}, ${Counter.next(hits)}, ${Counter.next(hits)}")
  # A cast returns at once; messages from one caller are handled in order,
  # so the call below sees the additions.
  Counter.add(big, 20)
  Counter.add(big, 3)
  println("hits ${Counter.value(hits)}, big ${Counter.value(big)}")
  Counter.reset(big)
  println("big after reset: ${Counter.value(big)}")

  let kv = KvStore.start()
  println("put lang: ${previous(KvStore.put(kv, "lang", "Mesh"))}")
  println("put lang: ${previous(KvStore.put(kv, "lang", "Mesh 2"))}")
  println("put host: ${previous(KvStore.put(kv, "host", "python"))}")
  println("put mode: ${previous(KvStore.put(kv, "mode", "asyncio"))}")
  println("keys: ${KvStore.keys(kv)}")
  KvStore.delete(kv, "host")
  println("keys after delete: ${KvStore.keys(kv)}")
  # `import Store.Kv` makes the module's pub functions reachable as Kv.f.
  println("host = ${Kv.get_or(kv, "host", "(none)")}, lang = ${Kv.get_or(kv, "lang", "(none)")}")
end
