pub fn rate(n :: Int) -> Float do
  n * 2
end
