# IO.read_line used to block the whole event loop: no other process ran while
# main waited for its input line. See NOTE.md.

actor ticker(n :: Int) do
  println("tick " <> String.from(n))
  Timer.sleep(100)
  if n < 5 do
    ticker(n + 1)
  else
    n
  end
end

fn main() do
  let _ = spawn(ticker, 1)
  let line = IO.read_line()
  case line do
    Ok(s) -> println("read " <> s)
    Err(e) -> println("error " <> e)
  end
end
