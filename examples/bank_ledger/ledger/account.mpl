## Ledger.Account: accounts and the transactions that change them.

from Ledger.Money import Money, eur, plus, minus

# A sum type: each variant may carry values. `deriving(Display)` prints a
# variant as its name followed by its payload: `Fee(card, 1.99 EUR)`.
pub type Txn do
  Deposit(Money)
  Withdrawal(Money)
  Fee(String, Money)
  Freeze
end deriving(Eq, Display)

# Derived Ord compares variants by their order of declaration.
pub type Standing do
  Good
  Overdrawn
  Frozen
end deriving(Eq, Ord, Display)

# No deriving clause: Debug, Eq, Ord and Hash come for free, and the struct
# prints in its Debug form `Account { owner: …, balance: …, … }`.
pub struct Account do
  owner :: String
  balance :: Money
  standing :: Standing
  history :: List<Txn>
end

pub fn open_account(owner :: String) -> Account do
  Account { owner: owner, balance: eur(0), standing: Good, history: [] }
end

fn standing_for(balance :: Money) -> Standing do
  if balance.cents < 0 do Overdrawn else Good end
end

# Values never change: applying a transaction builds a new account.
# A frozen account ignores everything.
pub fn apply(acc :: Account, t :: Txn) -> Account do
  if acc.standing == Frozen do
    acc
  else
    let balance = case t do
      Deposit(m) -> plus(acc.balance, m)
      Withdrawal(m) -> minus(acc.balance, m)
      Fee(_, m) -> minus(acc.balance, m)
      Freeze -> acc.balance
    end
    let standing = if t == Freeze do Frozen else standing_for(balance) end
    Account { owner: acc.owner, balance: balance, standing: standing, history: List.append(acc.history, t) }
  end
end

pub fn kind(t :: Txn) -> String do
  case t do
    Deposit(_) -> "deposit"
    Withdrawal(_) -> "withdrawal"
    Fee(_, _) -> "fee"
    Freeze -> "freeze"
  end
end
