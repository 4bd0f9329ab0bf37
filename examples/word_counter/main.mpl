# A word counter: closures and pipes over the List, Map, Set, String and
# Iter modules of the standard library.

# Normalise a word: lower case, punctuation removed. `x |> f(a)` is f(x, a).
fn clean(word :: String) -> String do
  word |> String.to_lower() |> String.replace(",", "") |> String.replace(".", "") |> String.replace("!", "")
end

# Add one to a word's count. Maps are values: put returns a new map.
fn bump(counts :: Map<String, Int>, word :: String) -> Map<String, Int> do
  let seen = if Map.has_key(counts, word) do Map.get(counts, word) else 0 end
  Map.put(counts, word, seen + 1)
end

fn main() do
  let lines = [
    "The rain in Spain stays mainly in the plain.",
    "In Hartford, Hereford and Hampshire,",
    "hurricanes hardly ever happen!"
  ]
  let per_line = List.map(lines, fn line -> List.length(String.split(line, " ")) end)
  println("words per line: ${per_line}")

  # A named function can be passed where a closure is expected. A long pipe
  # is split over several lines by wrapping it in parentheses.
  let words = (lines
    |> List.flat_map(fn line -> String.split(line, " ") end)
    |> List.map(clean)
    |> List.filter(fn w -> String.length(w) > 0 end))
  println("${List.length(words)} words: ${String.join(words, " ")}")

  let counts = List.reduce(words, Map.new(), fn acc, w -> bump(acc, w) end)
  println("${Map.size(counts)} distinct, 'in' appears ${Map.get(counts, "in")} times")

  # List.sort is stable: equal counts keep their first-seen order.
  let ranked = List.sort(Map.to_list(counts), fn a, b -> Tuple.second(b) - Tuple.second(a) end)
  # A closure with several clauses, chosen by pattern.
  let times = fn 1 -> "once" | 2 -> "twice" | n -> "${n} times" end
  let top = ranked |> List.take(3) |> List.map(fn pair -> "${Tuple.first(pair)} ${times(Tuple.second(pair))}" end)
  println("top words: ${String.join(top, ", ")}")

  # Closures capture values: rebinding min_len later does not change is_long.
  let min_len = 9
  let is_long = fn w -> String.length(w) >= min_len end
  let min_len = 100
  println("long words: ${List.filter(Map.keys(counts), is_long)} (min_len is now ${min_len})")

  # Sets drop duplicates and keep insertion order.
  let lengths = Set.from_list(List.map(words, fn w -> String.length(w) end))
  println("word lengths: ${lengths} (${Set.size(lengths)} different)")
  println("has a 10-letter word: ${Set.contains(lengths, 10)}")

  # Iterators are lazy: only what take(3) needs is uppercased.
  let h_words = Iter.from(words) |> Iter.filter(fn w -> String.starts_with(w, "h") end)
  let shout = h_words |> Iter.map(fn w -> String.to_upper(w) end) |> Iter.take(3) |> List.collect()
  println("first h-words: ${shout}")
  let h_count = Iter.from(words) |> Iter.filter(fn w -> String.starts_with(w, "h") end) |> Iter.count()
  let letters = Iter.from(words) |> Iter.map(fn w -> String.length(w) end) |> Iter.sum()
  let average = Int.to_float(letters) / Int.to_float(List.length(words))
  println("${h_count} words start with h; ${letters} letters, ${average} per word")
  let first_long = Iter.from(words) |> Iter.find(fn w -> String.length(w) > 8 end)
  case first_long do
    Some(w) -> println("first word longer than 8 letters: ${w}")
    None -> println("no long words")
  end
end
