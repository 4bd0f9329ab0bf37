fn helper() -> Int = 1
