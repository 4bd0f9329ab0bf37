fn main() do
  if true do
    continue
  end
end
