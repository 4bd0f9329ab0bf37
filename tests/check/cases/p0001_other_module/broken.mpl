pub fn f(x :: Int) -> Int do
  x +
end
