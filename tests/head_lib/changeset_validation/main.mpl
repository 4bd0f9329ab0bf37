# Changeset (supplement 7): casting with types, validators, error accumulation.
fn show(cs :: Changeset) do
  println("valid=${Changeset.valid(cs)} changes=${Changeset.changes(cs)} errors=${Changeset.errors(cs)}")
end

fn signup(params :: Map<String, String>) -> Changeset do
  let types = ["name:TEXT", "email:TEXT", "age:BIGINT", "role:TEXT", "newsletter:BOOLEAN"]
  Changeset.cast_with_types(%{}, params, [:name, :email, :age, :role, :newsletter], types)
    |> Changeset.validate_required([:name, :email])
    |> Changeset.validate_length(:name, 2, 20)
    |> Changeset.validate_format(:email, "@")
    |> Changeset.validate_inclusion(:role, ["admin", "member"])
    |> Changeset.validate_number(:age, 12, -1, -1, 130)
end

fn main() do
  show(signup(%{"name" => "Ann", "email" => "ann@example.com", "age" => " 42 ", "newsletter" => "YES", "admin" => "true"}))
  let bad = signup(%{"name" => "A", "email" => "nope", "age" => "7", "role" => "root"})
  show(bad)
  println(Changeset.get_error(bad, :name))
  println(Changeset.get_error(bad, :age))
  println("[${Changeset.get_error(bad, :newsletter)}]")
  # a field keeps its first error
  let blank = signup(%{"name" => "", "email" => "x", "age" => "old"})
  show(blank)
  println(Changeset.get_change(blank, :email))
  # coercion failures are `is invalid`; a value only in data satisfies required
  show(Changeset.cast_with_types(%{"name" => "Kept"}, %{"newsletter" => "maybe"}, [:name, :newsletter], ["newsletter:BOOLEAN"])
    |> Changeset.validate_required([:name]))
end
