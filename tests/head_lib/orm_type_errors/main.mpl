# The ORM handles have their intended types (supplement 2): a Query, a
# Changeset and Atom field names, checked like any other type.
fn fetch(pool :: PoolHandle) -> List<Map<String, String>>!String do
  Repo.all(pool, "users")
end

fn scope(q :: Query) -> Query do
  Query.where(q, "name", "Ann")
end

fn check(data :: Map<String, String>) -> Bool do
  Changeset.valid(data)
end

fn count(pool :: PoolHandle, q :: Query) -> String!String do
  Repo.count(pool, q)
end

fn main() do
  let cs = Changeset.cast(%{}, %{"a" => "1"}, ["a"])
  println("${Changeset.valid(cs)}")
end
