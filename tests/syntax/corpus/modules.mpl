# Imports and visibility (section 3).
import String
import Services.Writer
import Types.Event.Detail
from Types.Event import Event, Severity
from Storage.Queries import insert_org
from Helpers import one, two, three, four, five

pub fn exported() = 1
fn private_helper() = 2

pub struct Visible do
  name :: String
end

pub type Choice do
  Yes
  No
end

pub interface Named do
  fn name(self) -> String
end

pub supervisor PubSup do
  strategy: one_for_one
end

# Accepted by the parser; its contents are unreachable (3.1).
module Tools do
  fn helper() = 1
  struct Inner do
    x :: Int
  end
end

fn main() do
  let e = Event { id: 1 }
  Services.Writer.flush(e)
  Types.Event.Detail.describe(e) |> println
end
