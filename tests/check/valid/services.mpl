# Services with state, argument and reply types of any kind (8.1).
struct Account do
  owner :: String
  balance :: Float
end

service Bank do
  fn init(owner :: String, opening :: Float) -> Account do
    Account { owner: owner, balance: opening }
  end

  call Balance() :: Float do |acct|
    (acct, acct.balance)
  end

  call Deposit(amount :: Float) :: Float do |acct|
    let next = Account { owner: acct.owner, balance: acct.balance + amount }
    (next, next.balance)
  end

  call Owner() do |acct|
    (acct, acct.owner)
  end

  cast Reset() do |acct|
    Account { owner: acct.owner, balance: 0.0 }
  end
end

service Registry do
  fn init() -> Map<String, List<Int>> do
    %{}
  end

  call Lookup(key :: String) :: Option<List<Int>> do |m|
    if Map.has_key(m, key) do (m, Some(Map.get(m, key))) else (m, None) end
  end

  cast Store(key :: String, values :: List<Int>) do |m|
    Map.put(m, key, values)
  end

  call Keys() :: List<String> do |m|
    (m, Map.keys(m))
  end

  call IsEmpty() :: Bool do |m|
    (m, Map.size(m) == 0)
  end
end

service Counter do
  call Get() :: Int do |n|
    (n, n)
  end

  cast Bump(by) do |n|
    n + by
  end
end

service Thermostat do
  fn init(start :: Float) -> Float do
    start
  end

  call Read() :: Float do |t|
    (t, t)
  end

  call Nudge(delta :: Float) do |t|
    let next = t + delta
    (next, next)
  end

  cast Reset() do |_t|
    20.0
  end
end

fn report(pid) -> String do
  "balance ${Bank.balance(pid)}"
end

fn main() do
  let bank = Bank.start("ann", 10.5)
  let after_dep = Bank.deposit(bank, 2.0)
  Bank.reset(bank)
  println("${after_dep} ${Bank.owner(bank)} " <> report(bank))
  let reg = Registry.start()
  Registry.store(reg, "a", [1, 2])
  case Registry.lookup(reg, "a") do
    Some(xs) -> println("found ${List.length(xs)}")
    None -> println("missing")
  end
  println("${Registry.keys(reg)} ${Registry.is_empty(reg)}")
  let c = Counter.start()
  Counter.bump(c, 5)
  println("${Counter.get(c)}")
  let t = Thermostat.start(19.5)
  println("${Thermostat.nudge(t, 1.0)} ${Thermostat.read(t)}")
end
