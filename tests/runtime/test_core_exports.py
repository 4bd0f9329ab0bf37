"""The names `meshpy.runtime.core` exports (runtime contract, section 2) and
the function names each stdlib module object carries (language reference 13)."""

import inspect
import subprocess
import sys

import pytest

import meshpy.runtime.core as core

CONTRACT_NAMES = """
Some NONE NoneVariant Ok Err LESS EQUAL GREATER Less Equal Greater MeshSet
MeshQueue JsonValue MeshIter
String List Map Set Tuple Range Queue Iter Int Float Math IO Env File JSON Json
i64 idiv imod fdiv fmod fne ineg gadd gsub gmul gdiv gmod gneg register_impl dispatch DerivedEq DerivedHash DerivedOrd display show_float show_bool println print_
eprintln compare MeshPanic panic match_failed Struct Variant derive_from_json
derive_from_row to_json_value T_INT T_FLOAT T_BOOL T_STRING ListOf MapOf
OptionOf TypeRef mesh_eq mesh_cmp eq_async compare_async display_async use_impls
""".split()


def test_all_is_exactly_the_contract_list():
    assert sorted(core.__all__) == sorted(CONTRACT_NAMES)
    assert len(core.__all__) == len(set(core.__all__))
    for name in core.__all__:
        assert hasattr(core, name), name


def test_star_import_in_a_fresh_interpreter():
    code = "from meshpy.runtime.core import *; print(sorted(k for k in dir() if not k.startswith('__')))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert eval(p.stdout) == sorted(CONTRACT_NAMES)


def test_runtime_does_not_import_the_compiler():
    code = (
        "import sys; import meshpy.runtime.core; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('lark', 'jinja2') "
        "or m.startswith(('meshpy.syntax', 'meshpy.check', 'meshpy.lower'))]; print(bad)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


MODULE_FUNCTIONS = {
    "String": "length slice contains starts_with ends_with trim to_upper to_lower replace split join "
              "to_int to_float from_ collect",
    "List": "new length append get nth head tail last concat reverse map filter reduce sort find any all "
            "contains zip flat_map flatten enumerate take drop collect "
            "map_async filter_async reduce_async find_async any_async all_async flat_map_async sort_async",
    "Map": "new put get has_key delete size keys values merge to_list from_list collect",
    "Set": "new add remove contains size union intersection difference to_list from_list collect",
    "Tuple": "first second nth size",
    "Range": "new length to_list map filter map_async filter_async",
    "Queue": "new push peek pop size is_empty",
    "Iter": "from_ map filter take skip enumerate zip count sum any all find reduce",
    "Int": "to_float",
    "Float": "to_int from_",
    "Math": "abs min max pow sqrt floor ceil round",
    "IO": "read_line eprintln",
    "Env": "get",
    "File": "read write append exists delete",
    "JSON": "parse encode encode_int encode_bool encode_string encode_map encode_list",
    "Json": "parse encode encode_int encode_bool encode_string encode_map encode_list",
}

ASYNC = {"map_async", "filter_async", "reduce_async", "find_async", "any_async", "all_async",
         "flat_map_async", "sort_async", "read_line"}  # read_line waits for input without blocking others


@pytest.mark.parametrize("module, names", sorted(MODULE_FUNCTIONS.items()))
def test_module_objects_carry_the_mesh_functions(module, names):
    mod = getattr(core, module)
    for name in names.split():
        fn = getattr(mod, name)
        assert callable(fn), f"{module}.{name}"
        assert inspect.iscoroutinefunction(fn) == (name in ASYNC), f"{module}.{name}"


def test_constants_and_keyword_names():
    assert core.Math.pi == 3.141592653589793
    assert not hasattr(core.String, "from")
    assert core.String.from_(1) == "1"
    assert core.Float.from_(1) == 1.0
    assert core.Iter.from_([1]).__class__ is core.MeshIter


def test_value_protocol_of_builtin_variants():
    from meshpy.runtime.core import EQUAL, GREATER, LESS, NONE, Err, Ok, Some

    for cls, name, tag in [(Some, "Some", 0), (type(NONE), "None", 1), (Ok, "Ok", 0), (Err, "Err", 1),
                           (type(LESS), "Less", 0), (type(EQUAL), "Equal", 1), (type(GREATER), "Greater", 2)]:
        assert cls._mesh_name == name
        assert cls._tag == tag
        assert isinstance(cls.__slots__, tuple)
    assert Some(1) == Some(1) and Some(1) != Some(2) and hash(Some(1)) == hash(Some(1))
    assert Ok(1) != Err(1)
    assert NONE._display() == "None" and Some(2)._display() == "Some(2)"
