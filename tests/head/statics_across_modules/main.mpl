# The static functions of a type (from_json, from_row, the Schema metadata)
# are reachable from another module both after `from M import T` and, when
# the module is named after its type, after `import M` as `T.f(…)`.
from Types.User import User
import Types.Tag
import Types.Shape

fn main() do
  case User.from_json("{\"name\":\"Ann\",\"age\":3}") do
    Ok(u) -> println("${u.name} ${u.age} ${User.__table__()}")
    Err(e) -> println("error: ${e}")
  end
  case Tag.from_json("{\"label\":\"red\"}") do
    Ok(t) -> println(t.label <> " " <> Tag.__table__() <> " " <> Tag.make("x").label)
    Err(e) -> println("error: ${e}")
  end
  case Tag.from_row(%{"label" => "from a row"}) do
    Ok(t) -> println(t.label)
    Err(e) -> println("error: ${e}")
  end
  case Tag.from_json("{}") do
    Ok(_) -> println("unexpected")
    Err(e) -> println("error: ${e}")
  end
  let s = Shape.Circle(1.5)
  println("${s}")
end
