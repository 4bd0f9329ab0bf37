pub type Kind do
  Fresh
  Frozen(Int)
end
