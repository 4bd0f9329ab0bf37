# Database error texts. Depending on the runtime, Pool errors are either
# the server's message or five tab-separated fields `SQLSTATE, constraint,
# table, column, message`; these helpers read both forms.

fn fields(e :: String) -> List<String> do
  String.split(e, "\t")
end

# The human-readable message of a database error.
pub fn db_message(e :: String) -> String do
  let parts = fields(e)
  if List.length(parts) == 5 do List.get(parts, 4) else e end
end

# The SQLSTATE of a database error, "" when the runtime did not give one.
pub fn db_sqlstate(e :: String) -> String do
  let parts = fields(e)
  if List.length(parts) == 5 do List.head(parts) else "" end
end

# HTTP status for a failed statement: bad input the server rejected
# (malformed JSON, UUID, number; a CHECK) is the client's fault (400), a
# duplicate a conflict (409), a missing referenced row 404, the rest 500.
pub fn db_status(e :: String) -> Int do
  let state = db_sqlstate(e)
  if state != "" do status_of_state(state) else status_of_message(db_message(e)) end
end

fn status_of_state(state :: String) -> Int do
  if String.starts_with(state, "22") || state == "23514" do
    400
  else
    if state == "23505" do 409 else if_fk(state == "23503") end
  end
end

fn if_fk(fk :: Bool) -> Int do
  if fk do 404 else 500 end
end

fn status_of_message(m :: String) -> Int do
  let bad_input = String.contains(m, "invalid input syntax") || String.contains(m, "out of range") || String.contains(m, "cannot cast") || String.contains(m, "cannot extract") || String.contains(m, "invalid input value") || String.contains(m, "unsupported Unicode escape")
  if bad_input do
    400
  else
    if String.contains(m, "duplicate key") do 409 else if_fk(String.contains(m, "violates foreign key")) end
  end
end
