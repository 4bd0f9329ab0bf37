# deriving(Json) and deriving(Row) (section 15).
struct Reading do
  sensor :: String
  celsius :: Float
  tags :: List<String>
  note :: Option<String>
end deriving(Json)

struct Account do
  name :: String
  age :: Int
  active :: Bool
  nickname :: Option<String>
end deriving(Row)

type Status do
  Active
  Suspended(String)
end deriving(Json)

fn main() do
  let r = Reading { sensor: "s1", celsius: 21.5, tags: ["a"], note: None }
  println(Json.encode(r))
  println(Json.encode(Suspended("fraud")))
  case Reading.from_json("""{"sensor": "s2", "celsius": 3, "tags": [], "note": "hi"}""") do
    Ok(back) -> println("${back.sensor} ${back.celsius} ${back.note}")
    Err(e) -> println("error ${e}")
  end
  case Reading.from_json("""{"sensor": 1}""") do
    Ok(_) -> println("unexpected")
    Err(e) -> println("error ${e}")
  end
  case Account.from_row(%{"name" => "ann", "age" => " 42 ", "active" => "t", "nickname" => ""}) do
    Ok(a) -> println("row ${a.name} ${a.age} ${a.active} ${a.nickname}")
    Err(e) -> println("row error ${e}")
  end
  case Account.from_row(%{"name" => "bob", "age" => "x", "active" => "t"}) do
    Ok(_) -> println("unexpected")
    Err(e) -> println("row error ${e}")
  end
end
