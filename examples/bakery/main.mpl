# Actors: a baker and a customer exchanging messages. Each actor is a
# process with a mailbox; `receive` takes the oldest message, and its
# `after` clause gives up when nothing arrives in time. An actor loops by
# calling itself in tail position, carrying its state in the arguments.

# Every actor has one message type. The baker understands these:
type Order do
  Want(Pid, Int)  # who wants a loaf, and which loaf number
  Close
end

# ... and the customer understands these:
type Delivery do
  Loaf(Int)
end

fn deliver(buyer :: Pid, n :: Int, stock :: Int) -> Int do
  println("baker: baking loaf ${n}, ${stock - 1} left")
  send(buyer, Loaf(n))
  stock - 1
end

fn sold_out(n :: Int) -> Int do
  println("baker: sold out, cannot bake loaf ${n}")
  0
end

# Inside an actor a call to itself has the type of its pid, so an arm that
# stops looping ends with a pid as well: its own, self().
fn close_shop(me :: Pid) -> Pid do
  println("baker: closing the shop")
  me
end

actor baker(stock :: Int) do
  receive do
    Want(buyer, n) when stock > 0 -> baker(deliver(buyer, n, stock))
    Want(_, n) -> baker(sold_out(n))
    Close -> close_shop(self())
  end
  # runs when the process ends, however it ends
  terminate do
    println("baker: lights off")
  end
end

fn eat(n :: Int, got :: Int) -> Int do
  println("customer: got loaf ${n}")
  got + 1
end

fn go_home(shop :: Pid<Order>, got :: Int, me :: Pid) -> Pid do
  println("customer: no answer after 200 ms, going home with ${got} loaves")
  send(shop, Close)
  me
end

actor customer(shop :: Pid<Order>, wanted :: Int, got :: Int) do
  if got == wanted do
    println("customer: that's all ${wanted}, thank you")
    send(shop, Close)
    self()
  else
    # self() is this process's pid: the baker replies to it.
    send(shop, Want(self(), got + 1))
    receive do
      Loaf(n) -> customer(shop, wanted, eat(n, got))
    after 200 -> go_home(shop, got, self())
    end
  end
end

fn main() do
  println("main: opening a bakery with 3 loaves for a customer who wants 4")
  let shop = spawn(baker, 3)
  spawn(customer, shop, 4, 0)
end
