pub struct Crate do
  label :: String
end

pub fn make(label :: String) -> Crate = Crate { label: label }
