# A JSON round trip with deriving(Json): encode an inventory, decode it back,
# and see what decoding says about malformed input.

from Types.Item import Category, Item, Inventory, value, summary

fn show_decoded(label :: String, text :: String) do
  case Item.from_json(text) do
    Ok(item) -> println("${label}: ok, ${summary(item)}")
    Err(e) -> println("${label}: error: ${e}")
  end
end

fn main() do
  let hammer = Item { sku: "T-100", name: "hammer", price: 12.0, quantity: 3, category: Tool, tags: ["steel", "hand"], note: None }
  let apples = Item { sku: "F-200", name: "apples", price: 0.4, quantity: 120, category: Food(14), tags: [], note: Some("keep cool") }
  let bolts = Item { sku: "P-300", name: "bolts", price: 0.1, quantity: 500, category: Part("ACME-7"), tags: ["m8"], note: None }
  let inv = Inventory { warehouse: "north", items: [hammer, apples, bolts] }

  # Compact JSON with object members in alphabetical order; a sum type is
  # {"fields": [...], "tag": "Variant"}, None is null, 12.0 keeps its ".0".
  for item in inv.items do
    println(Json.encode(item))
  end
  let text = Json.encode(inv)
  println("inventory JSON is ${String.length(text)} characters")

  # Decoding the text gives back an equal value.
  case Inventory.from_json(text) do
    Ok(back) -> println("round trip equal: ${back == inv}, total value ${List.reduce(List.map(back.items, fn i -> value(i) end), 0.0, fn a, v -> a + v end)}")
    Err(e) -> println("round trip failed: ${e}")
  end

  # Hand-written JSON goes in triple-quoted strings, which may contain bare
  # quotes. An Int is accepted for a Float field, extra members are ignored
  # and a missing Option member is None.
  show_decoded("rope", """{"sku": "T-7", "name": "rope", "price": 8, "quantity": 2, "category": {"tag": "Tool", "fields": []}, "tags": ["outdoor"], "extra": true}""")
  show_decoded("cheese", """{"sku": "F-9", "name": "cheese", "price": 4.25, "quantity": 6, "category": {"tag": "Food", "fields": [30]}, "tags": [], "note": "aged"}""")
  # Errors name the first problem, in field declaration order.
  show_decoded("glue", """{"sku": "X-1", "name": "glue"}""")
  show_decoded("nails", """{"sku": 42, "name": "nails"}""")
  show_decoded("yo-yo", """{"sku": "Y-1", "name": "yo-yo", "price": 3.5, "quantity": 1, "category": {"tag": "Toy", "fields": []}, "tags": []}""")
  show_decoded("list", """[1, 2, 3]""")

  # Untyped JSON: parse to a Json value and encode it again.
  case JSON.parse("""{"b": 1, "a": [true, null, 2.5]}""") do
    Ok(j) -> println("parsed and re-encoded: ${JSON.encode(j)}")
    Err(e) -> println("parse error: ${e}")
  end
end
