"""Valid programs check with zero diagnostics: the checker accepts what the
language allows (issue 6: "accept every program the reference accepts").

* tests/check/valid/: programs written for this suite, together using every
  construct the language reference allows: generics, closures passed to the
  standard library and to user higher-order functions, pipes into module
  functions and closures, interfaces with default methods, impls for Int
  and structs, From + `?`, services with any state/argument/reply types,
  actors with typed messages, supervisors, forward references, multi-clause
  functions with patterns, or-, as- and cons patterns, nested tuples. A
  `.mpl` file is a one-file program; a folder with main.mpl is a project.
  No diagnostic at all, warnings included.
* Every program of the conformance suite (../shared/conformance) except
  compile_fail, mesher/ and examples/: no error and no warning either.

A check also records facts the lowering reads; the last test asserts that
no operator in these programs is left to run-time type dispatch when its
operand type is known after inference.
"""

from __future__ import annotations

import os

import pytest

from shared_dir import CONFORMANCE, conformance_present
from meshpy.check import types as T
from meshpy.check.model import OpInfo
from meshpy.driver import analyse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VALID = os.path.join(HERE, "valid")


def valid_programs():
    out = []
    for name in sorted(os.listdir(VALID)):
        path = os.path.join(VALID, name)
        if name.endswith(".mpl") or os.path.isfile(os.path.join(path, "main.mpl")):
            out.append(path)
    return out


def reference_programs():
    out = []
    # without shared/ these are left out; tests/test_conformance.py fails then
    for area in sorted(os.listdir(CONFORMANCE)) if conformance_present() else []:
        if area.startswith(("_", ".")) or area == "compile_fail" or not os.path.isdir(os.path.join(CONFORMANCE, area)):
            continue
        for probe in sorted(os.listdir(os.path.join(CONFORMANCE, area))):
            if os.path.isfile(os.path.join(CONFORMANCE, area, probe, "main.mpl")):
                out.append(os.path.join(CONFORMANCE, area, probe))
    for extra in ("mesher", "examples"):
        base = os.path.join(ROOT, extra)
        if os.path.isfile(os.path.join(base, "main.mpl")):
            out.append(base)
        elif os.path.isdir(base):
            out += [os.path.join(base, d) for d in sorted(os.listdir(base))
                    if os.path.isfile(os.path.join(base, d, "main.mpl"))]
    return out


def _describe(project):
    return "\n".join(f"{d.span}: {d.severity}[{d.code}] {d.message}" for d in project.diagnostics)


@pytest.mark.parametrize("path", valid_programs(), ids=os.path.basename)
def test_valid_program_checks_clean(path):
    project = analyse(path)
    assert not project.diagnostics, _describe(project)


def test_valid_suite_is_broad():
    assert len(valid_programs()) >= 12


@pytest.mark.parametrize("path", reference_programs(), ids=lambda p: os.path.relpath(p, ROOT))
def test_reference_program_checks_clean(path):
    project = analyse(path)
    assert not project.diagnostics, _describe(project)


def test_operators_are_typed_statically():
    """Int/Float arithmetic and concatenation are specialised when the
    operand type is known at the end of inference (OpInfo kind "int",
    "float", "string", "list", "impl"), not dispatched at run time."""
    leftovers = []
    for path in valid_programs() + reference_programs():
        project = analyse(path)
        program = project.program
        for node, info in program.info.items():
            if isinstance(info, OpInfo) and info.kind == "generic":
                operand = getattr(node, "left", None) or getattr(node, "operand", None)
                t = program.types.get(operand)
                if t is not None and not isinstance(T.prune(t), T.TVar):
                    leftovers.append(f"{node.span}: `{node.op}` on {T.show(t)}")
    assert not leftovers, "\n".join(leftovers)
