# `pub actor` can be imported with `from Workers import printer` (supplement 1.7)
pub actor printer(prefix :: String) do
  receive do
    s -> println("${prefix}${s}")
  end
  printer(prefix)
end
