# Orm (supplement 4): pure SQL text builders; identifiers quoted, $n placeholders.
fn main() do
  println(Orm.build_select("users", [], [], [], -1, -1))
  println(Orm.build_select("users", ["id", "name"], ["name ="], ["name ASC"], 10, -1))
  println(Orm.build_select("events", ["id"], ["level", "resolved_at IS NULL", "score >=", "title LIKE"], ["at desc", "id"], 20, 40))
  println(Orm.build_select("my\"table", ["my\"col"], [], [], -1, 0))
  println(Orm.build_insert("users", ["name", "email"], ["id"]))
  println(Orm.build_insert("users", ["name"], ["*"]))
  println(Orm.build_update("users", ["name", "email"], ["id ="], ["id", "name"]))
  println(Orm.build_update("users", ["archived"], ["org_id =", "deleted_at IS NOT NULL"], []))
  println(Orm.build_delete("users", ["id ="], []))
  println(Orm.build_delete("sessions", [], ["*"]))
end
