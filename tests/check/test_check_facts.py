"""The checker's facts are typed (issue 10): every entry of every list and
dict in `Program.facts` (check/facts.py) is an instance of the dataclass its
field declares, and the fact kinds are frozen. Checked on mesher and on the
valid programs of this suite, which between them record every kind."""

from __future__ import annotations

import dataclasses
import os
import typing

from meshpy.check import check_project
from meshpy.check import facts as F
from meshpy.project import load_project

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROJECTS = [os.path.join(ROOT, "mesher"), os.path.join(HERE, "valid")]


def _declared() -> dict:
    """Field name -> the class its entries must be (list[X], dict[int, X], set[int])."""
    hints = typing.get_type_hints(F.Facts)
    out = {}
    for f in dataclasses.fields(F.Facts):
        args = typing.get_args(hints[f.name])
        out[f.name] = args[-1]
    return out


def _entries(value):
    return list(value.values()) if isinstance(value, dict) else list(value)


def _facts_of(path):
    if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "main.mpl")):
        for name in sorted(os.listdir(path)):
            yield from _facts_of(os.path.join(path, name))
        return
    if not (os.path.isdir(path) or path.endswith(".mpl")):
        return
    project = load_project(path)
    program = check_project(project)
    assert not [d for d in project.diagnostics if d.severity == "error"], path
    yield path, program.facts


def test_every_fact_is_an_instance_of_its_declared_class():
    declared = _declared()
    seen = {name: 0 for name in declared}
    for path in PROJECTS:
        for where, facts in _facts_of(path):
            for name, cls in declared.items():
                for entry in _entries(getattr(facts, name)):
                    assert isinstance(entry, cls), (where, name, entry)
                    seen[name] += 1
    # every kind occurs in these programs (else the test would check nothing of it)
    assert all(seen.values()), seen


def test_every_fact_kind_is_frozen():
    for name, cls in _declared().items():
        if dataclasses.is_dataclass(cls) and cls.__module__ == F.__name__:
            assert cls.__dataclass_params__.frozen, name
