pub type Shape do
  Circle(Float)
  Square(Float)
end deriving(Json)
