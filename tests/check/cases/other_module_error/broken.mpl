pub fn f(x :: Int) -> Int do
  "oops"
end
