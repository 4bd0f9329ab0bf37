# A tiny bank ledger: structs and sum types from two modules, deriving,
# and how Mesh prints values.

from Ledger.Money import eur
from Ledger.Account import Txn, Standing, open_account, apply, kind

# Count how often each kind of transaction occurs (maps keep insertion order).
fn bump(counts :: Map<String, Int>, key :: String) -> Map<String, Int> do
  let n = if Map.has_key(counts, key) do Map.get(counts, key) else 0 end
  Map.put(counts, key, n + 1)
end

fn main() do
  let txns = [Deposit(eur(10000)), Withdrawal(eur(2550)), Fee("card", eur(199)), Withdrawal(eur(9000)), Freeze, Deposit(eur(500))]

  # Sum-type values print through their derived Display.
  for t in txns do
    println("txn: ${t}")
  end

  # Fold the transactions over a fresh account.
  let acc = List.reduce(txns, open_account("ada"), fn a, t -> apply(a, t) end)
  println("${acc.owner} holds ${acc.balance} and is ${acc.standing}")
  println("applied ${List.length(acc.history)} of ${List.length(txns)} transactions")

  # A struct without a deriving clause prints in Debug form.
  println("${acc}")

  # Lists and maps print their elements with the elements' own Display.
  let amounts = [eur(1), eur(250), eur(99999)]
  println("amounts: ${amounts}")
  let counts = List.reduce(txns, Map.new(), fn m, t -> bump(m, kind(t)) end)
  println("kinds: ${counts}")

  # Derived Eq and Ord at work.
  let biggest = List.reduce(amounts, eur(0), fn best, m -> if m > best do m else best end end)
  println("biggest amount: ${biggest}")
  println("eur(500) == eur(500): ${eur(500) == eur(500)}")
  println("Good < Overdrawn: ${Good < Overdrawn}, Frozen > Overdrawn: ${Frozen > Overdrawn}")
  println("first txn is a deposit: ${List.head(txns) == Deposit(eur(10000))}")
end
