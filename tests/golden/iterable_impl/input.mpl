# `impl Iterable for T` lets `for x in v` walk a user type: the loop iterates
# what the impl's `iter(self)` returns (a List or an Iter of `Item`).
struct Playlist do
  name :: String
  songs :: List<String>
end

impl Iterable for Playlist do
  type Item = String
  fn iter(self) -> List<String> do
    self.songs
  end
end

fn main() do
  let p = Playlist { name: "road trip", songs: ["one", "two", "three"] }
  let numbered = for song in p when song != "two" do "${p.name}: ${song}" end
  for line in numbered do
    println(line)
  end
end
