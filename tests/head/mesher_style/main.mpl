# The shape of today's mesher code (supplement 11): schema structs, atoms in
# Query pipelines over several lines, Changeset.cast, keyword arguments and
# escaped JSON text; nothing here touches a database.
from Types.User import User
import Query
import Changeset

fn users_of(org_id :: String) -> Query do
  Query.from(User.__table__())
    |> Query.where(:org_id, org_id)
    # newest first
    |> Query.order_by(:email, :desc)
    |> Query.limit(50)
end

fn signup(params :: Map<String, String>) -> Changeset do
  Changeset.cast(%{}, params, [:email, :display_name])
    |> Changeset.validate_required([:email])
end

fn reply(status :: Int, opts :: Map<String, String>) -> String do
  "{\"status\":${status},\"message\":\"${Map.get(opts, "message")}\"}"
end

fn main() do
  let q = users_of("org-1")
  let cs = signup(%{"email" => "ann@example.com", "display_name" => "Ann"})
  println("${Changeset.valid(cs)} ${Changeset.get_change(cs, :email)}")
  let bad = signup(%{"display_name" => "Bob"})
  println("${Changeset.valid(bad)} ${Changeset.get_error(bad, :email)}")
  println(reply(202, message: "accepted"))
  println(User.__table__() <> " " <> String.join(User.__relationship_meta__(), ";"))
  let same = q == q
  println("${same}")
end
