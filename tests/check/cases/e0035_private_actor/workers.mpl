actor hidden() do
  receive do
    _ -> hidden()
  end
end

pub actor shown() do
  receive do
    _ -> shown()
  end
end
