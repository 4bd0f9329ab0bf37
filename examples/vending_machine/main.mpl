# A vending machine as a state machine, driven entirely by pattern matching:
# case with guards, tuple, constructor, or, as and cons patterns, and
# multi-clause functions.

type State do
  Idle
  Paid(Int)             # credit in cents
  Vending(String, Int)  # product, change to give back
end deriving(Eq, Display)

type Event do
  Coin(Int)
  Choose(String)
  Refund
  Take
end deriving(Display)

# Multi-clause function: literal patterns, tried top to bottom.
fn price("cola") = 150
fn price("chips") = 120
fn price("gum") = 50
fn price(_) = 0

# Or-pattern over literals.
fn valid_coin(c :: Int) -> Bool do
  case c do
    5 | 10 | 20 | 50 | 100 -> true
    _ -> false
  end
end

# One transition: match the (state, event) pair. Guards may call functions.
fn step(state :: State, event :: Event) -> State do
  case (state, event) do
    (Vending(_, _), Take) -> Idle
    (Vending(_, _) as busy, _) -> busy
    (Idle, Coin(c)) when valid_coin(c) -> Paid(c)
    (Paid(n), Coin(c)) when valid_coin(c) -> Paid(n + c)
    (Paid(n), Choose(item)) when price(item) > 0 and n >= price(item) -> Vending(item, n - price(item))
    (Paid(_), Refund) -> Idle
    (same, _) -> same
  end
end

fn show(state :: State, event :: Event) -> State do
  let next = step(state, event)
  let note = if next == state do "   (ignored)" else "" end
  println("${state} --${event}--> ${next}${note}")
  next
end

# Walk the event list with a cons pattern; returns the final state and how
# many events were handled, as a tuple.
fn run(state :: State, events :: List<Event>, handled :: Int) -> (State, Int) do
  case events do
    e :: rest -> run(show(state, e), rest, handled + 1)
    _ -> (state, handled)
  end
end

# Multi-clause function on constructor patterns, with a guard.
fn describe(Idle) = "idle, waiting for coins"
fn describe(Paid(n)) when n >= 150 = "holding ${n} cents, enough for anything"
fn describe(Paid(n)) = "holding ${n} cents"
fn describe(Vending(item, change)) = "dispensing ${item} with ${change} cents change"

# Cons pattern with a constructor pattern as its head.
fn coins_offered(events :: List<Event>, total :: Int) -> Int do
  case events do
    Coin(c) :: rest when valid_coin(c) -> coins_offered(rest, total + c)
    _ :: rest -> coins_offered(rest, total)
    _ -> total
  end
end

fn main() do
  let events = [Coin(100), Coin(3), Choose("cola"), Coin(50), Choose("tea"), Choose("cola"), Coin(10), Take, Coin(20), Refund]
  let (final, handled) = run(Idle, events, 0)
  println("${handled} events, final state: ${describe(final)}")
  println("valid coins offered: ${coins_offered(events, 0)} cents")
  for s in [Paid(200), Paid(20), Vending("gum", 30)] do
    println(describe(s))
  end
end
