struct Hidden do
  x :: Int
end
