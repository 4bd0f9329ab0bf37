"""What the fuzz tests (tests/syntax/test_fuzz.py, tests/check/test_check_fuzz.py)
share: the seed programs, taken from this repository only, the list edits
(each takes a list of tokens or lines and returns an edited copy), and the
loop that runs a fixed number of mutants, each from its own seeded random
generator, so that a failure names the seed and example that reproduce it."""

import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ------------------------------------------------------------------ seeds


def _mpl_files(folder: str) -> dict:
    """{path relative to folder: text} for every .mpl below it (not _build)."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "emitted")
        for name in sorted(filenames):
            if name.endswith(".mpl"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    files[os.path.relpath(path, folder)] = f.read()
    return files


def _subfolders(folder: str) -> list[str]:
    return [os.path.join(folder, d) for d in sorted(os.listdir(folder))
            if os.path.isdir(os.path.join(folder, d)) and not d.startswith((".", "_"))]


def seed_projects() -> list[tuple[str, dict]]:
    """The valid programs of the repository, as (name, {relative path: text})
    with a main.mpl: tests/check/valid, the golden programs, tests/head and
    tests/regressions programs that run, examples/ and mesher/. Each checks
    without errors (the fuzz tests assert it)."""
    seeds = []
    valid = os.path.join(ROOT, "tests", "check", "valid")
    for path in sorted(os.listdir(valid)):
        full = os.path.join(valid, path)
        if path.endswith(".mpl"):
            with open(full, encoding="utf-8") as f:
                seeds.append((f"tests/check/valid/{path}", {"main.mpl": f.read()}))
        elif os.path.isfile(os.path.join(full, "main.mpl")):
            seeds.append((f"tests/check/valid/{path}", _mpl_files(full)))
    for folder in _subfolders(os.path.join(ROOT, "tests", "golden")):
        files = _mpl_files(folder)
        files["main.mpl"] = files.pop("input.mpl")
        seeds.append((os.path.relpath(folder, ROOT), files))
    runnable = [os.path.join(ROOT, "tests", "head"), os.path.join(ROOT, "tests", "regressions"),
                os.path.join(ROOT, "examples")]
    for parent in runnable:
        for folder in _subfolders(parent) if os.path.isdir(parent) else []:
            if os.path.isfile(os.path.join(folder, "expected_stdout")):
                seeds.append((os.path.relpath(folder, ROOT), _mpl_files(folder)))
    seeds.append(("mesher", _mpl_files(os.path.join(ROOT, "mesher"))))
    return seeds


def seed_sources() -> list[tuple[str, str]]:
    """Every source file of the seed projects plus the parser's corpus
    (tests/syntax/corpus), as (path, text)."""
    out = []
    corpus = os.path.join(ROOT, "tests", "syntax", "corpus")
    for rel, text in sorted(_mpl_files(corpus).items()):
        out.append((f"tests/syntax/corpus/{rel}", text))
    for name, files in seed_projects():
        out += [(f"{name}/{rel}", text) for rel, text in sorted(files.items())]
    return out


# ------------------------------------------------------------------ running mutants


def run_mutants(name: str, seed: int, count: int, env: str, one) -> None:
    """Call `one(rng)` for examples 0..count-1, each with a generator seeded
    from (name, seed, example) alone. On a failure, the assertion message
    names the seed, the example and the command that runs just that seed."""
    for i in range(count):
        rng = random.Random(f"{name}:{seed}:{i}")
        try:
            one(rng)
        except Exception as exc:
            raise AssertionError(
                f"{name}: example {i} of {count} failed with seed {seed} "
                f"(rerun: {env}={seed} pytest -k {name}): {type(exc).__name__}: {exc}") from exc


# ------------------------------------------------------------------ list edits


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
