"""Fuzzing `meshpy fmt`: on seeded random mutations of real programs
(tokens or lines dropped, duplicated, swapped), formatting either gives a
program with the same AST (checked inside format_text) that is already
formatted, or the parser's diagnostics; never an exception, never F0001.

A longer campaign: MESHPY_FMT_FUZZ=200 MESHPY_FUZZ_SEED=7 pytest tests/fmt/test_fmt_fuzz.py
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from meshpy.fmt import FormatError, format_source
from meshpy.fmt.command import FORMAT_ERROR, format_text
from meshpy.fmt.tokens import TokenizeError, tokenize
from mutations import drop_one, duplicate_one, swap_two

REPO = Path(__file__).resolve().parents[2]
PER_FILE = int(os.environ.get("MESHPY_FMT_FUZZ", "12"))
SEED = int(os.environ.get("MESHPY_FUZZ_SEED", "20261206"))
SEEDS = sorted((REPO / "tests" / "syntax" / "corpus").glob("*.mpl")) + sorted((REPO / "mesher").rglob("*.mpl"))


def _mutant(src: str, rng: random.Random) -> str:
    edit = rng.choice([drop_one, duplicate_one, swap_two])
    if rng.random() < 0.5:
        return "\n".join(edit(src.split("\n"), rng))
    try:
        toks = tokenize(src)
    except TokenizeError:
        return src
    parts = edit([t.text for t in toks], rng)
    return " ".join(parts)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: str(p.relative_to(REPO)))
def test_mutants_format_safely(path: Path):
    rng = random.Random(f"{SEED}:{path.name}")
    src = path.read_text(encoding="utf-8")
    for _ in range(PER_FILE):
        text = _mutant(src, rng)
        outcome = format_text(str(path), text)
        assert not any(d.code == FORMAT_ERROR for d in outcome.diagnostics), (text, outcome.diagnostics)
        if outcome.formatted is not None:
            assert format_source(outcome.formatted) == outcome.formatted
        else:
            assert outcome.diagnostics
        try:
            format_source(text)  # without the parser: a result or FormatError, nothing else
        except FormatError:
            pass
