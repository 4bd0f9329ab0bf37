# An Atom field is its name in JSON and in a database row (as a string is).
struct Sort do
  field :: Atom
  dir :: Atom
  fields :: List<Atom>
  maybe :: Option<Atom>
end deriving(Json)

struct Column do
  name :: Atom
  null :: Option<Atom>
end deriving(Row)

fn main() do
  let s = Sort { field: :created_at, dir: :desc, fields: [:id, :name], maybe: Some(:x) }
  let text = Json.encode(s)
  println(text)
  case Sort.from_json(text) do
    Ok(back) -> println("${back.field} ${back.dir} ${back.fields} ${back.maybe} ${back.dir == :desc}")
    Err(e) -> println("error: ${e}")
  end
  case Column.from_row(%{"name" => "email", "null" => ""}) do
    Ok(c) -> println("${c.name} ${c.null} ${c.name == :email}")
    Err(e) -> println("error: ${e}")
  end
end
