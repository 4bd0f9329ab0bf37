# Mesh as it is today (supplement mesh-language-head.md): checks clean.

fn order_of(ascending :: Bool) -> Atom do
  if ascending do :asc else :desc end
end

fn columns() -> List<Atom> do
  [:id, :name, :created_at]
end

fn scaled(x :: Int, opts :: Map<String, Int>) -> Int do
  x * Map.get(opts, "by") + Map.size(opts)
end

fn labels(opts :: Map<String, String>) -> List<String> do
  Map.values(opts)
end

struct Account do
  owner :: String
  balance :: Int
end

fn deposit(a :: Account, amount :: Int) -> Account do
  %{a | balance: a.balance + amount}
end

struct Member do
  table "org_members"
  timestamps true
  id :: String
  org_id :: String
  belongs_to :org, Org
end deriving(Schema, Json)

fn main() do
  let table = Member.__table__()
  println(table <> " " <> String.join(Member.__fields__(), ",") <> " " <> Member.__org_id_col__())
  let acct = deposit(Account { owner: "ann", balance: 1 }, 2)
  let renamed = %{acct | owner: "bob",}
  println("${renamed.owner} ${renamed.balance}")
  let k = scaled(2, by: 3) + (4 |> scaled(by: 5, extra: 0))
  let l = labels(a: "x", b: "y",)
  println("${k} ${l}")
  let piped = [1, 2, 3]
    |> List.map(fn x -> x * 2 end)
    # between stages
    |> List.reduce(0, fn acc, x -> acc + x end)
  println("${piped}")
  let o = order_of(true)
  let cols = columns()
  let same = o == :asc
  let by_atom = %{:a => 1}
  println("${o} ${cols} ${same} ${Map.get(by_atom, :a)} a\tb\"c\\")
end
