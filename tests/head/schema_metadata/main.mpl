# deriving(Schema) (supplement 3) with the options and relationships of
# supplement 1.6; metadata functions are exported with their struct.
from Types.User import User
import Types.Shelf

struct Book do
  table "library_books"
  primary_key :isbn
  timestamps true
  isbn :: String
  title :: String
  shelf_id :: String
  belongs_to :shelf, Shelf
  has_many :loans, Loan
end deriving(Schema, Json, Row)

struct Post do
  id :: Int
  belongs_to :user, User
end deriving(Schema, Eq)

# options without Schema are parsed and ignored
struct Plain do
  table "ignored"
  timestamps true
  x :: Int
end

# a later option line wins
struct Twice do
  table "first"
  n :: Int
  table "second"
end deriving(Schema)

struct OrgMembership do
  id :: Int
end deriving(Schema)

struct Category do
  id :: Int
end deriving(Schema)

service Catalog do
  fn init() -> Int do
    0
  end

  call Table() :: String do |n|
    (n, Book.__table__() <> "/" <> Book.__primary_key__())
  end
end

fn show(label :: String, items :: List<String>) do
  println(label <> ": " <> String.join(items, ", "))
end

fn main() do
  println(Book.__table__())
  show("fields", Book.__fields__())
  println(Book.__primary_key__())
  show("types", Book.__field_types__())
  show("relationships", Book.__relationships__())
  show("meta", Book.__relationship_meta__())
  println(Book.__isbn_col__() <> " " <> Book.__title_col__())
  println(User.__table__())
  show("user types", User.__field_types__())
  show("user meta", User.__relationship_meta__())
  show("post meta", Post.__relationship_meta__())
  println(Shelf.__table__() <> " " <> Shelf.__label_col__() <> " " <> Shelf.describe())
  show("shelf meta", Shelf.__relationship_meta__())
  println(Twice.__table__())
  println(OrgMembership.__table__() <> " " <> Category.__table__())
  let p = Plain { x: 1 }
  println("${p.x}")
  let cat = Catalog.start()
  println(Catalog.table(cat))
end
