# A module that names itself is no import cycle (supplement 9.7); through
# its own name it reaches its private functions too.
import Util
import Util

fn secret() -> Int do
  41
end

pub fn answer() -> Int do
  Util.secret() + 1
end
