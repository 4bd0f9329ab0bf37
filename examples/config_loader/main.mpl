# Loading a small "key = value; key = value" configuration. Errors are values:
# `?` unwraps Ok/Some or returns the Err/None from the enclosing function,
# converting the error type through a `From` impl when the types differ.

struct Config do
  name :: String
  port :: Int
  workers :: Int
end

type ConfigError do
  Syntax(String)
  Missing(String)
  BadNumber(String, String)
  OutOfRange(String, Int)
end

impl Display for ConfigError do
  fn to_string(self) -> String do
    case self do
      Syntax(msg) -> "syntax error: ${msg}"
      Missing(key) -> "missing key `${key}`"
      BadNumber(key, raw) -> "`${key}` should be a number, found `${raw}`"
      OutOfRange(key, n) -> "`${key}` is out of range: ${n}"
    end
  end
end

# The parser reports plain String errors; this impl lets `?` turn them into
# ConfigError values inside functions that return `T!ConfigError`.
impl From<String> for ConfigError do
  fn from(msg :: String) -> ConfigError do
    Syntax(msg)
  end
end

fn add_line(acc :: Map<String, String>, line :: String, n :: Int) -> Map<String, String>!String do
  let text = String.trim(line)
  if text == "" or String.starts_with(text, "#") do
    return Ok(acc)
  end
  let parts = String.split(text, "=")
  if List.length(parts) != 2 do
    Err("line ${n}: expected `key = value`, found `${text}`")
  else
    Ok(Map.put(acc, String.trim(List.get(parts, 0)), String.trim(List.get(parts, 1))))
  end
end

# `?` inside the arguments of a tail call: the first bad line stops the loop.
fn parse_lines(lines :: List<String>, n :: Int, acc :: Map<String, String>) -> Map<String, String>!String do
  case lines do
    line :: rest -> parse_lines(rest, n + 1, add_line(acc, line, n)?)
    _ -> Ok(acc)
  end
end

fn lookup(entries :: Map<String, String>, key :: String) -> String!ConfigError do
  if Map.has_key(entries, key) do Ok(Map.get(entries, key)) else Err(Missing(key)) end
end

fn number(entries :: Map<String, String>, key :: String, lo :: Int, hi :: Int) -> Int!ConfigError do
  let raw = lookup(entries, key)?
  case String.to_int(raw) do
    Some(n) when n < lo or n > hi -> Err(OutOfRange(key, n))
    Some(n) -> Ok(n)
    None -> Err(BadNumber(key, raw))
  end
end

fn load(text :: String) -> Config!ConfigError do
  let entries = parse_lines(String.split(text, ";"), 1, Map.new())?  # String -> ConfigError
  let name = lookup(entries, "name")?
  let port = number(entries, "port", 1, 65535)?
  let workers = number(entries, "workers", 1, 64)?
  Ok(Config { name: name, port: port, workers: workers })
end

# `?` on Option: any None on the way makes the whole answer None.
fn find(entries :: Map<String, String>, key :: String) -> Option<String> do
  if Map.has_key(entries, key) do Some(Map.get(entries, key)) else None end
end

fn memory_per_worker(text :: String) -> Option<Int> do
  let entries = case parse_lines(String.split(text, ";"), 1, Map.new()) do
    Ok(m) -> Some(m)
    Err(_) -> None
  end
  let e = entries?
  let memory = String.to_int(find(e, "memory_mb")?)?
  let workers = String.to_int(find(e, "workers")?)?
  if workers == 0 do None else Some(memory / workers) end
end

fn main() do
  let configs = [
    "# web shop; name = shop; port = 8080; workers = 4; memory_mb = 1000",
    "name = blog; workers = 2",
    "name = api; port = 80a; workers = 1",
    "name = x; this line is wrong; port = 1",
    "name = big; port = 70000; workers = 8; memory_mb = 4096",
    "name = tiny; port = 9000; workers = 0; memory_mb = 512"
  ]
  for text in configs do
    let memory = case memory_per_worker(text) do
      Some(mb) -> "${mb} MB per worker"
      None -> "memory unknown"
    end
    case load(text) do
      Ok(config) -> println("ok:    ${config}; ${memory}")
      Err(e) -> println("error: ${e}; ${memory}")
    end
  end
end
