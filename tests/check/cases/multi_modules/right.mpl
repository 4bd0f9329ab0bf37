pub fn g() -> String do
  missing_thing
end
