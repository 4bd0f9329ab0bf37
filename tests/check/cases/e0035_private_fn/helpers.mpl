fn secret() -> String = "hidden"
