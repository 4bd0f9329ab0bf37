pub fn f() -> String do
  1 + 1
end
