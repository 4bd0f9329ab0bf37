# A file nobody imports, whose module name has a segment starting with a
# digit (supplement 8.2): it must compile.
pub fn up(n :: Int) -> Int do
  n + 1
end
