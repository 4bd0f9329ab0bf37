## Store.Kv: a key-value store as a service. The state is a Map; `call`
## handlers answer with `(new_state, reply)`, `cast` handlers return the new
## state and answer nothing.

# A private helper, callable from the handlers below.
fn lookup(m :: Map<String, String>, key :: String) -> Option<String> do
  if Map.has_key(m, key) do Some(Map.get(m, key)) else None end
end

service KvStore do
  fn init() -> Map<String, String> do
    Map.new()
  end

  # Replies with the previous value, if there was one.
  call Put(key :: String, value :: String) :: Option<String> do |m|
    (Map.put(m, key, value), lookup(m, key))
  end

  call Get(key :: String) :: Option<String> do |m|
    (m, lookup(m, key))
  end

  call Keys() :: List<String> do |m|
    (m, Map.keys(m))
  end

  cast Delete(key :: String) do |m|
    Map.delete(m, key)
  end
end

# Services are exported automatically; so is this pub convenience function.
pub fn get_or(store, key :: String, fallback :: String) -> String do
  case KvStore.get(store, key) do
    Some(v) -> v
    None -> fallback
  end
end
