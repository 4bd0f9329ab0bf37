##! Module documentation comment: lexical forms of section 2.
## Documentation comment on the next item.
# An ordinary line comment; a # inside it is still a comment.

#= A block comment
   spanning lines =#

#= Block comments #= nest =# and end only
   at the matching close =#

fn integers() -> List<Int> do
  [0, 42, 007, 1_000_000, 0xFF, 0XfF, 0x_dead_BEEF, 0b101, 0B1_0, 0o17, 0O7_7, 9223372036854775807]
end

fn floats() -> List<Float> do
  [3.14, 0.5, 2.5e-3, 1.0E10, 1e9, 6E+2, 1_000.000_1, 0.0]
end

fn ranges() = for i in 1..5 do i end

fn strings() -> List<String> do
  let who = "mesh"
  [
    "",
    "plain",
    "with # hash and #{not interpolation}",
    "interp ${who} and ${1 + 2}",
    "nested ${"in ${who} out"} end",
    "call ${String.to_upper("inner ${who}")} done",
    "map ${Map.size(%{"a" => 1})} braces",
    "adjacent ${who}${who}",
    "dollar $ alone and $who",
    "spans
two lines",
    """triple "quoted" with ${who} and
a newline""",
    """{"k": 1}""",
    "comment-looking # text =# inside"
  ]
end

fn escapes() -> List<String> do
  ["quote: a\"b", "tab: x\ty", "backslash: c\\d", "dollar: \${nope}", "\\", "end\\"]
end

fn separators() do
  let a = 1; let b = 2
  let c = a + b;
  println("${c}") ; println("done")
  #= a block comment between statements =# let d = 4
  d
end

fn comment_after_code(x) do # trailing comment
  x #= inline =# + 1
end

fn unicode_names() do
  let café = 1
  let _private = 2
  let _ = café + _private
  "ünïcödé ✓"
end

fn crlf_free() = true
fn literals() = (true, false, nil, ())

fn main() do
  println("${integers()} ${floats()} ${strings()} ${escapes()}")
end
