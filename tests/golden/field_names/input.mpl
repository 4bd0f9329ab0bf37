# Field names that look like generated ones (issue 10): fields and variant
# fields named like runtime internals (`_key`, `_order`, `_tag`, `_display`,
# `_mesh_name`), a named `_1` beside a positional field, `_0` named first.
struct Odd do
  _key :: Int
  _order :: Int
  _tag :: String
  _mesh_name :: String
  _mesh_fields :: Int
  _display :: Int
  to_json :: Int
  _0 :: Int
end

type Mixed do
  Pair(Int, _1 :: Int)
  Named(_0 :: Int, Int)
  Solo(_tag :: Int)
end

fn main() do
  let o = Odd { _key: 1, _order: 2, _tag: "t", _mesh_name: "m", _mesh_fields: 3, _display: 4, to_json: 5, _0: 6 }
  let p = %{o | _key: 9}
  println("${o}")
  println("${o == o} ${o == p} ${o < p} ${p._key} ${o._tag} ${o._0}")
  let xs = [Pair(1, 2), Named(3, 4), Solo(5)]
  println("${xs}")
  for x in xs do
    case x do
      Pair(a, b) -> println("pair ${a} ${b}")
      Named(a, b) -> println("named ${a} ${b}")
      Solo(t) -> println("solo ${t}")
    end
  end
  println("${Pair(1, 2) == Pair(1, 2)} ${Pair(1, 2) < Pair(1, 3)} ${Solo(1) < Pair(0, 0)}")
end
