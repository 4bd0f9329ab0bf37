pub fn shout(s :: String) -> String = String.to_upper(s) <> "!"

pub fn pad(s :: String, width :: Int) -> String do
  if String.length(s) >= width do
    s
  else
    pad(s <> " ", width)
  end
end
