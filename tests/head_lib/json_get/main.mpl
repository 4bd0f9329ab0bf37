# Json.get / Json.get_nested (supplement 9.3): a member of a JSON object as text.
fn main() do
  let doc = "{\"name\": \"Ann\", \"age\": 42, \"ratio\": 1.0, \"admin\": true, \"gone\": null, \"tags\": [\"a\", \"b\"], \"org\": {\"id\": 7, \"slug\": \"acme\"}}"
  println(Json.get(doc, "name"))
  println(Json.get(doc, "age"))
  println(Json.get(doc, "ratio"))
  println(Json.get(doc, "admin"))
  println("[${Json.get(doc, "gone")}]")
  println(Json.get(doc, "tags"))
  println(Json.get(doc, "org"))
  println("[${Json.get(doc, "missing")}]")
  println(JSON.get_nested(doc, "org", "slug"))
  println(Json.get_nested(doc, "org", "id"))
  println("[${Json.get_nested(doc, "name", "x")}]")
  println("[${Json.get("not json", "a")}] [${Json.get("[1, 2]", "a")}]")
  println(Json.get("{\"s\": \"line\\nbreak \\\"q\\\"\"}", "s"))
end
