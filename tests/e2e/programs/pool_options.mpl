# e2e (runtime): Pool.open_with with a keyword option (a trailing Map):
# the server cancels a statement after statement_timeout_ms (SQLSTATE 57014);
# an unknown option is an Err.
fn main() do
  case Pool.open_with(url(), 1, 2, 2000, statement_timeout_ms: 500) do
    Ok(pool) -> show(Pool.query(pool, "SELECT pg_sleep(2)", []))
    Err(e) -> println("open " <> e)
  end
  case Pool.open_with(url(), 1, 2, 2000, colour: 1) do
    Ok(_) -> println("unknown option accepted")
    Err(e) -> println(e)
  end
end

fn url() -> String do
  case Env.get("MESHER_DB_URL") do
    Some(u) -> u
    None -> ""
  end
end

fn show(r :: List<Map<String, String>>!String) do
  case r do
    Ok(_) -> println("ok")
    Err(e) -> println("err " <> List.head(String.split(e, "\t")))
  end
end
