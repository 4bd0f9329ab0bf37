# Imports of stdlib modules are accepted and do nothing (supplement 1.7).
import String
import Map
import Ws
import Orm
import Query
import Repo
import Changeset
import Migration
import Process
import Global
import Node
import Util
from Workers import printer

fn main() do
  println("${Util.answer()}")
  println(String.to_upper("stdlib ") <> "${Map.size(%{1 => 2})}")
  let p = spawn(printer, "got ")
  send(p, "one")
  send(p, "two")
  Timer.sleep(100)
end
