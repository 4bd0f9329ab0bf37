# Malformed schema lines (supplement 1.6 and 10): the reference's messages.
struct A do
  table :: String
end

struct B do
  primary_key "id"
end

struct C do
  timestamps yes
end

struct D do
  belongs_to user, User
end

struct E do
  has_many :posts,
end

struct F do
  has_one :profile Profile
end

fn main() do
  println("unreachable")
end
