fn secret() -> String = "hidden"

pub fn open() -> String = secret()
