# Atom literals (supplement 1.1): `:name` is an expression of type Atom,
# a bare name at run time.
fn direction(ascending :: Bool) -> Atom do
  if ascending do
    :asc
  else
    :desc
  end
end

fn describe(field :: Atom) -> String do
  case field do
    f when f == :id -> "the key"
    f when f == :created_at -> "a timestamp"
    _ -> "a column"
  end
end

fn main() do
  let _unused = :never_read
  let fields :: List<Atom> = [:id, :email, :created_at, :_private]
  println("${fields}")
  println("${direction(true)} ${direction(false)}")
  println(describe(:id))
  println(describe(:created_at))
  println(describe(:email))
  println("${:asc == :asc} ${:asc == :desc} ${:asc != :desc}")
  let counts = %{:ok => 2, :error => 1}
  println("${Map.get(counts, :ok)} ${Map.get(counts, :error)}")
  println("${List.length(fields)} ${List.contains(fields, :email)}")
  # an atom's text is its bare name
  println(direction(true).to_string() <> " " <> String.from(:x) <> " ${String.length(:abc.to_string())}")
end
