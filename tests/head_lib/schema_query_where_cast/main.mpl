# deriving(Schema) metadata driving Query.where, Changeset.cast, Repo and
# Repo.preload (supplement 3, 5, 6, 7) the way an Ecto programmer writes it.
struct Author do
  table "writers"
  name :: String
  email :: String
  has_many :books, Book
end deriving(Schema)

struct Book do
  title :: String
  author_id :: Int
  pages :: Int
  belongs_to :author, Author
end deriving(Schema)

fn setup(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, Author.__table__(), ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL", "email:TEXT:UNIQUE"])?
  Migration.create_table(pool, Book.__table__(), ["id:BIGSERIAL:PRIMARY KEY", "author_id:BIGINT", "title:TEXT", "pages:BIGINT"])
end

fn author_changeset(params :: Map<String, String>) -> Changeset do
  Changeset.cast(%{}, params, [:name, :email])
    |> Changeset.validate_required([:name, :email])
    |> Changeset.validate_format(:email, "@")
end

fn book_changeset(params :: Map<String, String>) -> Changeset do
  Changeset.cast_with_types(%{}, params, [:title, :author_id, :pages], Book.__field_types__())
    |> Changeset.validate_required([:title])
    |> Changeset.validate_number(:pages, 0, -1, -1, -1)
end

fn insert(pool :: PoolHandle, table :: String, cs :: Changeset) -> String do
  case Repo.insert_changeset(pool, table, cs) do
    Ok(row) -> "ok #${Map.get(row, "id")}"
    Err(bad) -> "rejected ${Changeset.errors(bad)}"
  end
end

fn titles(rows :: List<Map<String, String>>) -> String do
  String.join(List.map(rows, fn r -> Map.get(r, "title") end), ", ")
end

fn report(pool :: PoolHandle) -> Int!String do
  let long_books = Query.from(Book.__table__())
    |> Query.where(:author_id, "1")
    |> Query.where_op(:pages, :gt, "100")
    |> Query.order_by(:pages, :desc)
  println("long books by 1: ${titles(Repo.all(pool, long_books)?)}")
  let ann = Repo.one(pool, Query.from(Author.__table__()) |> Query.where(:email, "ann@x"))?
  println("found ${Map.get(ann, "name")} in ${Author.__table__()}")
  let meta = List.concat(Author.__relationship_meta__(), Book.__relationship_meta__())
  let authors = Repo.all(pool, Query.from(Author.__table__()) |> Query.order_by(:id, :asc))?
  let loaded = Repo.preload(pool, authors, ["books"], meta)?
  println("preloaded: ${loaded}")
  let books = Repo.all(pool, Query.from(Book.__table__()) |> Query.select(["title", "author_id"]) |> Query.where(:title, "Short"))?
  # belongs_to's target table comes from the type name (authors), not from
  # Author's `table "writers"` option: the supplement's rule
  case Repo.preload(pool, books, ["author"], meta) do
    Ok(rows) -> println("book with author: ${rows}")
    Err(e) -> println("belongs_to author: ${String.replace(e, "\t", "|")}")
  end
  Ok(0)
end

fn everything(pool :: PoolHandle) do
  println("setup: ${setup(pool)}")
  println(insert(pool, Author.__table__(), author_changeset(%{"name" => "Ann", "email" => "ann@x"})))
  println(insert(pool, Author.__table__(), author_changeset(%{"name" => "Bo", "email" => "bo"})))
  println(insert(pool, Author.__table__(), author_changeset(%{"name" => "Twin", "email" => "ann@x"})))
  println(insert(pool, Book.__table__(), book_changeset(%{"title" => "Long", "author_id" => "1", "pages" => "420"})))
  println(insert(pool, Book.__table__(), book_changeset(%{"title" => "Longer", "author_id" => " 1 ", "pages" => "999"})))
  println(insert(pool, Book.__table__(), book_changeset(%{"title" => "Short", "author_id" => "1", "pages" => "12"})))
  println(insert(pool, Book.__table__(), book_changeset(%{"title" => "Zero", "author_id" => "1", "pages" => "0"})))
  println(insert(pool, Book.__table__(), book_changeset(%{"title" => "Bad", "author_id" => "one", "pages" => "5"})))
  println("report: ${report(pool)}")
end

fn main() do
  println("${Author.__fields__()} ${Book.__field_types__()} ${Author.__primary_key__()}")
  let url = case Env.get("DATABASE_URL") do
    Some(u) -> u
    None -> "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
  end
  case Pool.open(url, 1, 2, 5000) do
    Ok(pool) -> everything(pool)
    Err(e) -> println("no database: ${e}")
  end
end
