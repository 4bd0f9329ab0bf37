# imported with `import Types.Shelf`: `Shelf.__table__()` names the module's own struct
pub struct Shelf do
  id :: Int
  label :: String
  has_many :books, Book
end deriving(Schema)

pub fn describe() -> String do
  "a shelf module"
end
