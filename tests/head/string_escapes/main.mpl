fn main() do
  println("quote: a\"b")
  println("tab: x\ty")
  println("newline: p\nq")
  println("backslash: c\\d")
  let s = "a\"b"
  println("len=${String.length(s)}")
  let t = "\\"
  println("len2=${String.length(t)}")
  more()
end

fn more() do
  let name = "Ann"
  println("{\"name\":\"${name}\",\"ok\":true}")
  println("a\qb \$ \${name} \{ tab[\t]")
  println("""triple: \"x\" \\ \n.""")
  let nul = "a\0b"
  println("${String.length(nul)}")
  let crlf = "x\r\n"
  println("${String.length(crlf)}")
end
