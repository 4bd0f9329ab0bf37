fn main() do
  while "forever" do
    println("again")
  end
end
