"""Fuzzing the checker: whatever the program, `meshpy check` ends in
diagnostics or a clean result, never an uncaught exception.

Seeds are the valid programs of this repository (tests/check/valid, the
goldens, examples/, mesher/ …; see tests/mutations.py), single files and
multi-module projects; unmutated, each checks without errors. Most mutations keep the program parseable, so that it reaches the
checker: identifiers renamed (to another name of the same program, a name
of the standard library, or a new one), literals swapped for literals of
another type, operators swapped, lines dropped, duplicated or swapped,
arguments dropped or added, annotations changed; plus token-level edits
(drops, duplicates, swaps) like the front end's fuzz test. Every mutant is
parsed and checked in-process, its diagnostics rendered. With
MESHPY_CHECK_FUZZ_LOWER=1 a program that checks clean is also lowered to
Python and compiled, since the lowering relies on every fact the checker
records (off by default: that exercises the lowering, not the checker).

Every run checks the same fixed number of mutants from the same seed; a
failure names the seed and example. For a longer or different campaign:

    MESHPY_CHECK_FUZZ_EXAMPLES=20000 MESHPY_CHECK_FUZZ_SEED=7 \\
        .venv/bin/python -m pytest tests/check/test_check_fuzz.py -q -s
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import tempfile
import traceback

import pytest

from meshpy.check import check_project
from mutations import drop_one, duplicate_one, run_mutants, seed_projects, swap_two
from meshpy.diagnostics import SourceCache, render
from meshpy.project import load_project

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

EXAMPLES = int(os.environ.get("MESHPY_CHECK_FUZZ_EXAMPLES", "2500"))
SEED = int(os.environ.get("MESHPY_CHECK_FUZZ_SEED", "20261129"))
LOWER = os.environ.get("MESHPY_CHECK_FUZZ_LOWER") == "1"


# ------------------------------------------------------------------ mutations

_TOKEN = re.compile(r'"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|\w+|\|>|->|=>|::|\.\.|<>|\+\+|[<>=!]=|&&|\|\||%\{|\s+|.', re.S)
_IDENT = re.compile(r"^[A-Za-z_]\w*$")
KEYWORDS = set("""actor after alias and break call case cast cond continue def do else end false fn for if impl
import in interface let link match module monitor nil not or pub receive return self send service spawn struct
supervisor terminate trait trap true type when where while with""".split())
LITERALS = ["0", "1", "42", "-3", "2.5", "0.0", '"text"', '""', '"${1}"', "true", "false", "nil", "[]", "[1]",
            '["a"]', "%{}", '%{"k" => 1}', "(1, 2)", "()", "None", "Some(1)", "Ok(1)", 'Err("e")',
            "fn x -> x end", "fn -> 1 end", "self()"]
OPERATORS = ["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "and", "or", "<>", "++", "|>", ".."]
NAMES = ["println", "List", "Map", "String", "Int", "Float", "Option", "Result", "Pid", "x", "n", "main",
         "length", "map", "to_string", "spawn", "send", "Some", "None", "Ok", "Err", "Less", "self", "T",
         "List.map", "String.length", "Map.get", "Timer.sleep", "Unknown", "undefined", "_"]
TYPES = ["Int", "Float", "String", "Bool", "List<Int>", "Map<String, Int>", "Option<Int>", "Int!String",
         "(Int, String)", "Fun(Int) -> Int", "Pid", "Pid<Int>", "T", "Unknown", "()"]


def tokens(text):
    return _TOKEN.findall(text)


def _idents(toks):
    return [i for i, t in enumerate(toks) if _IDENT.match(t) and t not in KEYWORDS and not t[0].isdigit()]


def rename_identifier(text, rng):
    toks = tokens(text)
    idx = _idents(toks)
    if not idx:
        return text
    i = rng.choice(idx)
    pool = [toks[j] for j in idx]
    toks[i] = rng.choice([rng.choice(pool), rng.choice(NAMES), toks[i] + "_x", toks[i].capitalize()])
    return "".join(toks)


def rename_everywhere(text, rng):
    """Rename one name consistently (stays well-scoped, changes meaning)."""
    toks = tokens(text)
    idx = _idents(toks)
    if not idx:
        return text
    old = toks[rng.choice(idx)]
    new = rng.choice([t for t in (toks[j] for j in idx)] + NAMES)
    return "".join(new if t == old else t for t in toks)


def swap_literal(text, rng):
    toks = tokens(text)
    idx = [i for i, t in enumerate(toks) if t[:1].isdigit() or t[:1] == '"' or t in ("true", "false", "nil")]
    if not idx:
        return text
    toks[rng.choice(idx)] = rng.choice(LITERALS)
    return "".join(toks)


def swap_operator(text, rng):
    toks = tokens(text)
    idx = [i for i, t in enumerate(toks) if t in OPERATORS]
    if not idx:
        return text
    toks[rng.choice(idx)] = rng.choice(OPERATORS)
    return "".join(toks)


def change_annotation(text, rng):
    toks = tokens(text)
    idx = [i for i, t in enumerate(toks) if t == "::" or t == "->"]
    if not idx:
        return text
    i = rng.choice(idx)
    j = i + 1
    while j < len(toks) and toks[j].isspace():
        j += 1
    if j < len(toks) and _IDENT.match(toks[j]) and toks[j] not in KEYWORDS:
        toks[j] = rng.choice(TYPES)
    return "".join(toks)


def drop_argument(text, rng):
    spots = [m.start() for m in re.finditer(r", ", text)]
    if not spots:
        return text
    i = rng.choice(spots)
    j = i + 2
    depth = 0
    while j < len(text) and (depth or text[j] not in ",)]}\n"):
        depth += text[j] in "([{"
        depth -= text[j] in ")]}"
        j += 1
    return text[:i] + text[j:]


def add_argument(text, rng):
    spots = [m.start() for m in re.finditer(r"\)", text)]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + ", " + rng.choice(LITERALS) + text[i:]


def drop_line(text, rng):
    return "\n".join(drop_one(text.split("\n"), rng))


def duplicate_line(text, rng):
    return "\n".join(duplicate_one(text.split("\n"), rng))


def swap_lines(text, rng):
    return "\n".join(swap_two(text.split("\n"), rng, neighbours=0.0))


def drop_token(text, rng):
    return "".join(drop_one(tokens(text), rng))


def duplicate_token(text, rng):
    return "".join(duplicate_one(tokens(text), rng))


def swap_tokens(text, rng):
    return "".join(swap_two(tokens(text), rng))


SEMANTIC = [rename_identifier, rename_identifier, rename_everywhere, swap_literal, swap_literal, swap_operator,
            change_annotation, drop_argument, add_argument, drop_line, duplicate_line, swap_lines]
SYNTACTIC = [drop_token, duplicate_token, swap_tokens]


def mutate(files: dict, rng: random.Random) -> dict:
    files = dict(files)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(sorted(files))
        edit = rng.choice(SEMANTIC) if rng.random() < 0.85 else rng.choice(SYNTACTIC)
        files[path] = edit(files[path], rng)
    return files


# ------------------------------------------------------------------ the property


def check_program(files: dict, workdir: str) -> str:
    """Write, load, check (and lower when clean); returns how far it got.
    Any exception propagates with the program attached."""
    shutil.rmtree(workdir, ignore_errors=True)
    for rel, text in files.items():
        path = os.path.join(workdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    try:
        project = load_project(workdir)
    except RecursionError:
        return "recursion"  # pathological nesting in the parser: the front end's fuzz test covers it
    if not project.ok:
        return "parse"
    try:
        program = check_project(project)
        sources = SourceCache()
        for sf in project.files:
            sources.add(sf.path, sf.text)
        out = io.StringIO()
        for d in project.diagnostics:
            out.write(render(d, sources))
            assert d.span is None or (d.span.line >= 1 and d.span.col >= 1), d
        if not project.ok:
            return "errors"
        if LOWER:
            from meshpy.lower import lower_program

            for lowered in lower_program(program).values():
                compile(lowered.source, lowered.relpath, "exec")
        return "clean"
    except Exception as exc:
        listing = "\n".join(f"--- {rel}\n{text}" for rel, text in sorted(files.items()))
        raise AssertionError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}\non the program:\n{listing}") \
            from exc


@pytest.fixture(scope="module")
def workdir():
    work = tempfile.mkdtemp(prefix="meshpy-check-fuzz-")
    yield os.path.join(work, "p")
    shutil.rmtree(work, ignore_errors=True)


def test_the_seed_programs_check_clean(workdir):
    seeds = seed_projects()
    assert len(seeds) > 50, len(seeds)
    for name, files in seeds:
        assert check_program(files, workdir) == "clean", f"seed {name} does not check clean"


def test_mutated_programs_check_without_crashing(workdir):
    seeds = [files for _name, files in seed_projects()]
    outcomes: dict = {}

    def one(rng):
        outcome = check_program(mutate(rng.choice(seeds), rng), workdir)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run_mutants("test_mutated_programs_check_without_crashing", SEED, EXAMPLES, "MESHPY_CHECK_FUZZ_SEED", one)
    print("check fuzz outcomes:", outcomes)
    # the mutations must reach the checker, not only the parser
    assert outcomes.get("errors", 0) + outcomes.get("clean", 0) > outcomes.get("parse", 0) / 4, outcomes
