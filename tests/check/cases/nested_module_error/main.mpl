from Shop.Billing.TaxRules import rate

fn main() do
  println("${rate(2)}")
end
