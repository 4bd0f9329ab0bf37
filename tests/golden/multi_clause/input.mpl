# Multi-clause functions with literal patterns and guards (4.2).
fn tier(0) = "empty"
fn tier(n) when n < 10 = "few"
fn tier(_) = "many"

fn first_or(Some(x), _) = x
fn first_or(None, fallback) = fallback

fn main() do
  println("${tier(0)} ${tier(3)} ${tier(50)}")
  println("${first_or(Some(1), 9)} ${first_or(None, 9)}")
end
