# Today's Mesh (supplement mesh-language-head.md): what the new forms
# become in Python.
struct Book do
  table "library_books"
  timestamps true
  isbn :: String
  pages :: Int
  belongs_to :shelf, Shelf
end deriving(Schema)

fn label(field :: Atom, opts :: Map<String, String>) -> String do
  "${field}=${Map.get(opts, "sep")}"
end

fn page_count(b :: Book) -> Int do
  b.pages
end

fn main() do
  let order = :desc
  println(label(order, sep: "|"))
  let b = Book { isbn: "978", pages: 100 }
  let longer = %{b | pages: b.pages + 20}
  let total = [b, longer]
    |> List.map(page_count)

    # a comment between stages
    |> List.reduce(0, fn acc, n -> acc + n end)
  println("${total}")
  println(Book.__table__() <> " " <> String.join(Book.__fields__(), ","))
  println("{\"isbn\":\"${longer.isbn}\"}\ttab")
end
