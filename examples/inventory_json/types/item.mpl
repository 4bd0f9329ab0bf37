## Types.Item: what a warehouse stores. Everything here derives Json, so it
## can be written with `Json.encode` and read back with `T.from_json`.

pub type Category do
  Tool
  Food(Int)     # shelf life in days
  Part(String)  # supplier code
end deriving(Eq, Display, Json)

pub struct Item do
  sku :: String
  name :: String
  price :: Float
  quantity :: Int
  category :: Category
  tags :: List<String>
  note :: Option<String>
end deriving(Eq, Json)

pub struct Inventory do
  warehouse :: String
  items :: List<Item>
end deriving(Eq, Json)

pub fn value(item :: Item) -> Float do
  item.price * Int.to_float(item.quantity)
end

pub fn summary(item :: Item) -> String do
  let note = case item.note do
    Some(text) -> " (${text})"
    None -> ""
  end
  "${item.quantity} x ${item.name} [${item.category}] at ${item.price}${note}"
end
