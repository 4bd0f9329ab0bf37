# Sqlite: a table, `?` parameters, rows as maps of text, NULL as "",
# change counts, a transaction rolled back, errors as Err values.

fn show_rows(rows :: List<Map<String, String>>) do
  List.map(rows, fn(row) do
    println("  ${Map.get(row, "id")} | ${Map.get(row, "name")} | ${Map.get(row, "qty")} | ${Map.get(row, "price")} | [${Map.get(row, "note")}]")
  end)
  println("  (${List.length(rows)} rows)")
end

fn run(path :: String) -> Int!String do
  let db = Sqlite.open(path)?
  let created = Sqlite.execute(db, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, qty INTEGER, price REAL, note TEXT)", [])?
  println("create: ${created}")
  let a = Sqlite.execute(db, "INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)", ["bolt", "100", "0.25", "steel"])?
  let b = Sqlite.execute(db, "INSERT INTO items (name, qty, price) VALUES (?, ?, ?)", ["nut", "250", "2"])?
  let c = Sqlite.execute(db, "INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)", ["gear", "7", "12.5", ""])?
  println("inserts: ${a + b + c}")
  println("all items:")
  show_rows(Sqlite.query(db, "SELECT id, name, qty, price, note FROM items ORDER BY id", [])?)
  let cheap = Sqlite.query(db, "SELECT id, name, qty, price, note FROM items WHERE price < ? ORDER BY name", ["5"])?
  println("cheaper than 5:")
  show_rows(cheap)
  let updated = Sqlite.execute(db, "UPDATE items SET qty = qty + ? WHERE qty > ?", ["1", "50"])?
  println("updated: ${updated}")
  let none = Sqlite.execute(db, "DELETE FROM items WHERE name = ?", ["washer"])?
  println("deleted missing: ${none}")
  case Sqlite.execute(db, "INSERT INTO items (name, qty) VALUES (?, ?)", ["bolt", "1"]) do
    Ok(_) -> println("duplicate: unexpected success")
    Err(e) -> println("duplicate: ${e}")
  end
  case Sqlite.query(db, "SELECT * FROM widgets", []) do
    Ok(_) -> println("missing table: unexpected success")
    Err(e) -> println("missing table: ${e}")
  end
  let _ = Sqlite.begin(db)?
  let gone = Sqlite.execute(db, "DELETE FROM items", [])?
  println("deleted in transaction: ${gone}")
  let _ = Sqlite.rollback(db)?
  let counted = Sqlite.query(db, "SELECT COUNT(*) AS n, SUM(qty) AS total FROM items", [])?
  let row = List.head(counted)
  println("after rollback: ${Map.get(row, "n")} items, ${Map.get(row, "total")} pieces")
  let _ = Sqlite.begin(db)?
  let _ = Sqlite.execute(db, "UPDATE items SET note = NULL WHERE name = ?", ["bolt"])?
  let _ = Sqlite.commit(db)?
  let bolt = Sqlite.query(db, "SELECT note FROM items WHERE name = ?", ["bolt"])?
  println("bolt note after commit: [${Map.get(List.head(bolt), "note")}]")
  Sqlite.close(db)
  case Sqlite.query(db, "SELECT 1", []) do
    Ok(_) -> println("closed: unexpected success")
    Err(e) -> println("closed: ${e}")
  end
  Ok(a + b + c)
end

fn main() do
  let path = case Env.get("DB_PATH") do
    Some(p) -> p
    None -> ":memory:"
  end
  case run(path) do
    Ok(n) -> println("done: ${n}")
    Err(e) -> println("failed: ${e}")
  end
  case Sqlite.open("/nonexistent-dir/x/y.db") do
    Ok(_) -> println("open: unexpected success")
    Err(e) -> println("open: ${e}")
  end
end
