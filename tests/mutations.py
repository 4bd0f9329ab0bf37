"""Edits shared by the fuzz tests (tests/syntax/test_fuzz.py,
tests/check/test_check_fuzz.py): each takes a list (of tokens or lines) and
returns an edited copy."""


def drop_one(items: list, rng) -> list:
    items = list(items)
    if items:
        del items[rng.randrange(len(items))]
    return items


def duplicate_one(items: list, rng) -> list:
    items = list(items)
    if items:
        i = rng.randrange(len(items))
        items.insert(i, items[i])
    return items


def swap_two(items: list, rng, neighbours: float = 0.7) -> list:
    """Swap two items, usually neighbours."""
    items = list(items)
    if len(items) > 1:
        i = rng.randrange(len(items) - 1)
        j = i + 1 if rng.random() < neighbours else rng.randrange(len(items))
        items[i], items[j] = items[j], items[i]
    return items
