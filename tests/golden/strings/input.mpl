# String interpolation (nested), concatenation and the String module.
fn shout(s :: String) -> String = String.to_upper(s)

fn main() do
  let name = "mesh"
  let n = 3
  println("hello ${name}, ${n + 1} times ${shout("loud ${name}")}")
  println("a" <> "b" ++ "c")
  let words = String.split("a,b,,c", ",")
  println("${List.length(words)} [${String.join(words, "|")}]")
  println("${"héllo".length()} ${String.slice("abcdef", 1, 3)} ${String.replace("aaaa", "aa", "b")}")
  println("${"  pad  ".trim()}|${String.contains("team", "ea")}")
end
