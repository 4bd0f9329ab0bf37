# A service whose handler calls another service (8.1, 11.3).
service Rates do
  fn init() -> Int do
    3
  end

  call Rate() :: Int do |r|
    (r, r)
  end
end

service Pricing do
  fn init(rates) -> Pid do
    rates
  end

  call Price(amount :: Int) :: Int do |rates|
    (rates, amount * Rates.rate(rates))
  end
end

fn main() do
  let rates = Rates.start()
  let pricing = Pricing.start(rates)
  println("${Pricing.price(pricing, 14)}")
end
