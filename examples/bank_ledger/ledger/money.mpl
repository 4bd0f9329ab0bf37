## Ledger.Money: amounts of money, kept in whole cents so that sums are exact.

# `deriving(Eq, Ord)` gives ==, != and <, >, … (field by field, in order).
# There is no Display in the list: we write our own below.
pub struct Money do
  cents :: Int
  currency :: String
end deriving(Eq, Ord)

# A hand-written Display replaces the derived forms everywhere: in string
# interpolation, in `to_string()` and inside lists and other values.
impl Display for Money do
  fn to_string(self) -> String do
    let sign = if self.cents < 0 do "-" else "" end
    let size = Math.abs(self.cents)
    let rest = size % 100
    let pad = if rest < 10 do "0" else "" end
    "${sign}${size / 100}.${pad}${rest} ${self.currency}"
  end
end

pub fn eur(cents :: Int) -> Money do
  Money { cents: cents, currency: "EUR" }
end

pub fn plus(a :: Money, b :: Money) -> Money do
  Money { cents: a.cents + b.cents, currency: a.currency }
end

pub fn minus(a :: Money, b :: Money) -> Money do
  Money { cents: a.cents - b.cents, currency: a.currency }
end
