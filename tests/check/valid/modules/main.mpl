# Imports, qualified calls, pub structs/sum types/services across modules (3.2-3.4).
import Depot.Store
import Util.Text
import String
from Depot.Store import Crate, Grade, new_crate, Keeper
from Depot.Kinds import Kind
from Util.Text import shout

fn describe(c :: Crate) -> String do
  let g = case c.grade do
    Prime -> "prime"
    Standard(n) -> "standard ${n}"
  end
  c.label <> " " <> g
end

fn main() do
  let c = new_crate("apples", 3)
  println(describe(c))
  let d = Store.make("pears")
  println(d.label <> " " <> Text.pad(d.label, 10))
  println(shout("done"))
  let k = Keeper.start(5)
  Keeper.add(k, 2)
  println("${Keeper.total(k)}")
  let kind = Fresh
  case kind do
    Fresh -> println("fresh")
    Frozen(days) -> println("frozen ${days}")
  end
  println("${Store.count([c, d])} ${String.length("x")}")
end
