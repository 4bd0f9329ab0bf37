"""`meshpy run --native` (issue 14): typed islands compiled with mypyc give the
same stdout and exit status as the interpreted build.

Every program here is run twice, interpreted and with --native, and the two
results compared; each native build also must really contain an island
(the hook lines in the emitted module), so a silent fallback fails the test.
mypyc takes seconds per module: all tests share one native cache folder
(MESHPY_NATIVE_CACHE), so a typed module is compiled once per run."""

import os
import shlex
import shutil
import subprocess
import sys
import textwrap

import pytest

from shared_dir import CONFORMANCE, MISSING, conformance_present
from test_conformance import AREAS as CONFORMANCE_AREAS
from test_golden import check_interleaved, order_groups

HOOK = "# Native island (meshpy build --native)"


@pytest.fixture(scope="module", autouse=True)
def native_cache(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("native-cache"))
    old = os.environ.get("MESHPY_NATIVE_CACHE")
    os.environ["MESHPY_NATIVE_CACHE"] = folder
    yield folder
    if old is None:
        del os.environ["MESHPY_NATIVE_CACHE"]
    else:
        os.environ["MESHPY_NATIVE_CACHE"] = old


def project(tmp_path, name, source):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "main.mpl").write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


def meshpy_run(folder, *flags, env=None):
    return subprocess.run([sys.executable, "-m", "meshpy", "run", *flags, str(folder)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
                          env=env)


def both(tmp_path, source, islands=()):
    """Run `source` interpreted and native; returns (interpreted, native)
    after checking that the native build hooked in the named islands."""
    plain = meshpy_run(project(tmp_path, "plain", source))
    folder = project(tmp_path, "native", source)
    native = meshpy_run(folder, "--native")
    emitted = (folder / "_build" / "meshprog" / "main.py").read_text(encoding="utf-8")
    for name in islands:
        assert f"{name} = _native._entry_{name}" in emitted, native.stderr
    return plain, native


def assert_same(plain, native):
    assert native.stdout == plain.stdout
    assert native.returncode == plain.returncode, native.stderr


ARITHMETIC = """\
    fn wrap_mul(a :: Int, b :: Int) -> Int do
      a * b
    end

    fn wrap_add(a :: Int, b :: Int) -> Int = a + b

    fn neg(a :: Int) -> Int = -a

    fn quot(a :: Int, b :: Int) -> Int = a / b

    fn rem(a :: Int, b :: Int) -> Int = a % b

    fn fquot(a :: Float, b :: Float) -> Float = a / b

    fn frem(a :: Float, b :: Float) -> Float = a % b

    fn fdiffer(a :: Float, b :: Float) -> Bool = a != b

    fn sum_to(n :: Int, acc :: Int) -> Int do
      if n == 0 do
        acc
      else
        sum_to(n - 1, acc + n)
      end
    end

    fn collatz(n :: Int, steps :: Int) -> Int do
      if n == 1 do
        steps
      else
        let next = if n % 2 == 0 do n / 2 else 3 * n + 1 end
        collatz(next, steps + 1)
      end
    end

    fn depth(n :: Int) -> Int do
      if n == 0 do 0 else 1 + depth(n - 1) end
    end

    fn main() do
      let max = 9223372036854775807
      let min = -max - 1
      println("${wrap_mul(max, 2)} ${wrap_mul(4611686018427387904, 4)} ${wrap_add(max, 1)}")
      println("${neg(min)} ${neg(5)}")
      println("${quot(7, 2)} ${quot(-7, 2)} ${quot(7, -2)} ${quot(-7, -2)} ${quot(min, -1)}")
      println("${rem(7, 2)} ${rem(-7, 2)} ${rem(7, -2)} ${rem(-7, -2)} ${rem(min, -1)}")
      println("${fquot(1.0, 0.0)} ${fquot(-1.0, 0.0)} ${fquot(0.0, 0.0)} ${fquot(7.5, 2.5)}")
      println("${frem(7.5, 2.0)} ${frem(-7.5, 2.0)} ${frem(1.0, 0.0)}")
      println("${fdiffer(1.0, 2.0)} ${fdiffer(fquot(0.0, 0.0), 1.0)}")
      println("${sum_to(1000000, 0)} ${collatz(27, 0)} ${depth(10000)}")
    end
"""


def test_arithmetic_edges_match_the_interpreted_build(tmp_path):
    plain, native = both(tmp_path, ARITHMETIC,
                         ["wrap_mul", "wrap_add", "neg", "quot", "rem", "fquot", "frem", "fdiffer", "sum_to",
                          "collatz", "depth"])
    assert plain.returncode == 0, plain.stderr
    assert "-2 0 -9223372036854775808" in plain.stdout  # the program tests what it should
    assert_same(plain, native)


def test_division_by_zero_in_an_island_is_a_mesh_panic(tmp_path):
    plain, native = both(tmp_path, """\
        fn quot(a :: Int, b :: Int) -> Int = a / b

        fn main() do
          println("before")
          println("${quot(1, 0)}")
        end
        """, ["quot"])
    assert_same(plain, native)
    assert native.returncode != 0
    assert "division by zero" in native.stderr and "Traceback" not in native.stderr


def test_deep_recursion_in_an_island_panics_like_the_interpreted_build(tmp_path):
    # compiled recursion ignores Python's limit: without the guard this
    # overflows the C stack and the process dies of SIGSEGV
    plain, native = both(tmp_path, """\
        fn depth(n :: Int) -> Int do
          if n == 0 do 0 else 1 + depth(n - 1) end
        end

        fn main() do
          println("start")
          println("${depth(10000000)}")
        end
        """, ["depth"])
    assert_same(plain, native)
    assert native.returncode != 0
    assert "stack overflow" in native.stderr and "Traceback" not in native.stderr


def test_values_entering_an_island_are_range_checked(tmp_path):
    folder = project(tmp_path, "entry", """\
        fn twice(n :: Int) -> Int = n * 2

        fn half(x :: Float) -> Float = x / 2.0

        fn main() do
          println("${twice(21)} ${half(3.0)}")
        end
        """)
    proc = meshpy_run(folder, "--native")
    assert proc.stdout == "42 1.5\n", proc.stderr
    # Mesh code cannot make an Int outside 64 bits; the runtime side could
    # (a Python caller, a decoding bug), so the entry checks what comes in.
    probe = textwrap.dedent(f"""\
        import glob, sys
        from meshpy.native.load import island
        from meshpy.runtime.panic import MeshPanic
        [path] = glob.glob({str(folder / "_build" / "native" / "*.so")!r})
        name = path.rsplit("/", 1)[1].split(".")[0]
        m = island({str(folder / "_build" / "meshprog" / "main.py")!r}, name, path.rsplit("/", 1)[1])
        print(m._entry_twice(2 ** 62), m._entry_twice(-5))
        for bad in (2 ** 63, -2 ** 63 - 1, 1.5, True, "7"):
            try:
                m._entry_twice(bad)
            except MeshPanic as e:
                print("panic", e.message)
        try:
            m._entry_half(3)
        except MeshPanic as e:
            print("panic", e.message)
        """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    lines = out.stdout.splitlines()
    assert lines[0] == "-9223372036854775808 -10", out.stderr
    assert len(lines) == 7 and all(line.startswith("panic ") for line in lines[1:]), out.stdout + out.stderr
    assert "out of 64-bit range" in lines[1]


def test_an_unchanged_module_is_not_compiled_again(tmp_path, native_cache):
    source = "fn inc(n :: Int) -> Int = n + 1\n\nfn main() do\n  println(\"${inc(41)}\")\nend\n"
    first = meshpy_run(project(tmp_path, "one", source), "--native")
    assert first.stdout == "42\n", first.stderr
    built = {f: os.stat(os.path.join(native_cache, f)).st_mtime_ns for f in os.listdir(native_cache)}
    second = meshpy_run(project(tmp_path, "two", source), "--native")  # another project, same island
    assert second.stdout == "42\n", second.stderr
    assert {f: os.stat(os.path.join(native_cache, f)).st_mtime_ns for f in os.listdir(native_cache)} == built


@pytest.mark.parametrize("how", ["missing CC", "no gcc on PATH"])
def test_without_a_c_compiler_the_build_is_interpreted_with_a_message(tmp_path, how):
    env = dict(os.environ)
    if how == "missing CC":
        env["CC"] = str(tmp_path / "no-such-cc")
    else:
        env.pop("CC", None)
        env["PATH"] = str(tmp_path)  # nothing there; the interpreter is called by full path
    folder = project(tmp_path, "prog", "fn inc(n :: Int) -> Int = n + 1\n\n"
                                       "fn main() do\n  println(\"${inc(1)}\")\nend\n")
    proc = meshpy_run(folder, "--native", env=env)
    assert proc.stdout == "2\n"
    assert proc.returncode == 0
    assert "no C compiler found" in proc.stderr and "building without native code" in proc.stderr
    assert HOOK not in (folder / "_build" / "meshprog" / "main.py").read_text(encoding="utf-8")


def test_islands_mix_with_interpreted_functions(tmp_path):
    # `label` uses strings and stays interpreted; it calls the island `sq`,
    # and the island `sum_sq` calls `sq` natively
    plain, native = both(tmp_path, """\
        fn sq(n :: Int) -> Int = n * n

        fn sum_sq(n :: Int, acc :: Int) -> Int do
          if n == 0 do acc else sum_sq(n - 1, acc + sq(n)) end
        end

        fn label(n :: Int) -> String = "sq(${n})=${sq(n)}"

        fn count_to(len :: Int, str :: Int) -> String do
          # locals named like Python builtins the typed code uses
          let xs = for i in 0..len do i + str end
          "${List.length(xs)} ${str}"
        end

        fn main() do
          println(label(12))
          println("${sum_sq(100, 0)}")
          println(count_to(5, 2))
        end
        """, ["sq", "sum_sq", "count_to"])
    assert plain.stdout == "sq(12)=144\n338350\n5 2\n"
    assert_same(plain, native)


def test_islands_of_several_modules_call_each_other_natively(tmp_path):
    # one typed module for the program: Main's `steps` calls Util's `step`
    # (a native call), both modules have a `twice`, each keeping its own
    util = """\
        pub fn step(n :: Int) -> Int do
          if n % 2 == 0 do n / 2 else 3 * n + 1 end
        end

        pub fn twice(n :: Int) -> Int = n + n

        pub fn deep(n :: Int) -> Int do
          if n == 0 do 0 else 1 + deep(n - 1) end
        end
        """
    main = """\
        import Util
        from Util import step

        fn twice(n :: Int) -> Int = n * 2 + 1

        fn steps(n :: Int, count :: Int) -> Int do
          if n == 1 do count else steps(step(n), count + 1) end
        end

        fn main() do
          println("${steps(27, 0)} ${twice(5)} ${Util.twice(5)}")
          println("${Util.deep(100)}")
          println("${Util.deep(1000000)}")
        end
        """
    results = []
    for kind, flags in (("plain", ()), ("native", ("--native",))):
        folder = project(tmp_path, kind, main)
        (folder / "util.mpl").write_text(textwrap.dedent(util), encoding="utf-8")
        results.append(meshpy_run(folder, *flags))
        if flags:
            (typed,) = (folder / "_build" / "native").glob("*.typed.py")
            source = typed.read_text(encoding="utf-8")
            assert "step(n, _depth + 1)" in source  # the cross-module call is a direct one
            assert "def twice(" in source and "def twice_2(" in source
            emitted = (folder / "_build" / "meshprog" / "util.py").read_text(encoding="utf-8")
            assert "twice = _native._entry_twice" in emitted
    plain, native = results
    assert plain.stdout == "111 11 10\n100\n", plain.stderr
    assert "stack overflow" in plain.stderr
    assert_same(plain, native)
    assert "stack overflow" in native.stderr


def test_list_code_and_output_from_an_island(tmp_path):
    # map/filter/reduce with literal closures become typed loops; println is
    # the runtime's own, so output order with interpreted code is kept
    plain, native = both(tmp_path, """\
        fn evens_tripled(xs :: List<Int>) -> List<Int> do
          let tripled = List.map(xs, fn x -> x * 3 end)
          List.filter(tripled, fn x -> x % 2 == 0 end)
        end

        fn total(xs :: List<Int>) -> Int = List.reduce(xs, 0, fn acc, x -> acc + x end)

        fn squares(n :: Int) -> List<Int> do
          for i in 0..n when i % 3 != 0 do
            let sq = i * i
            sq - 1
          end
        end

        fn countdown(n :: Int) do
          if n > 0 do
            println("tick ${n} of " <> "three")
            countdown(n - 1)
          end
        end

        fn big(xs :: List<Int>) -> Int = List.reduce(xs, 1, fn acc, x -> acc * x end)

        fn main() do
          let xs = for i in -5..20 do i * 7 end
          let ev = evens_tripled(xs)
          println("${List.length(ev)} ${total(ev)} ${total(squares(30))}")
          countdown(3)
          println("${big([4611686018427387904, 6, 9223372036854775807])}")
          println("done")
        end
        """, ["evens_tripled", "total", "squares", "countdown", "big", "main"])
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.count("tick") == 3
    assert_same(plain, native)


def test_case_and_clause_sets_on_literals(tmp_path):
    plain, native = both(tmp_path, """\
        fn fib(0) = 0
        fn fib(1) = 1
        fn fib(n) = fib(n - 1) + fib(n - 2)

        fn total(0, acc) = acc
        fn total(n, acc) when n < 0 = total(0 - n, acc + 1000)
        fn total(n, acc) = total(n - 1, acc + n)

        fn greet("en") = "hello"
        fn greet("fr") = "bonjour"
        fn greet(_) = "?"

        fn sign(n :: Int) -> String do
          case n do
            0 -> "zero"
            -5 -> "minus five"
            x when x > 100 -> "big ${x}"
            x when x > 0 -> "pos"
            _ -> "neg"
          end
        end

        fn flip(b :: Bool) -> Int do
          case b do
            true -> 1
            false -> 0
          end
        end

        fn shown(a :: Bool, b :: Bool) -> String = "${a} and ${not b}"

        fn half(x :: Float) -> String do
          case x / 2.0 do
            0.0 -> "zero"
            0.5 -> "half"
            y -> "${Float.to_int(y * 10.0)}"
          end
        end

        fn shout(n :: Int) -> Int do
          println("shout ${n}")
          n
        end

        fn once(n :: Int) -> String do
          case shout(n) % 3 do
            0 -> "fizz"
            1 -> "one ${10 / (n - n)}"
            r -> "r${r}"
          end
        end

        fn labels(n :: Int) -> List<String> do
          for i in 0..n do
            let label = case i % 3 do
              0 -> "fizz"
              _ -> String.from(i)
            end
            label
          end
        end

        fn main() do
          println("${fib(20)} ${total(-10, 0)} ${greet("fr")} ${greet("de")} ${sign(0)} ${sign(500)}")
          println("${sign(3)} ${sign(-3)} ${sign(-5)} ${flip(true) + flip(false)} ${half(0.0)} ${half(1.0)} ${half(-3.3)}")
          println(String.join(labels(7), ","))
          println(shown(true, true))
          println(once(6))
          println(once(5))
          println(once(4))
        end
        """, ["fib", "total", "greet", "sign", "flip", "shown", "half", "shout", "once", "labels"])
    assert plain.returncode != 0 and "division by zero" in plain.stderr
    assert "6765 1055 bonjour ? zero big 500" in plain.stdout and "shout 4" in plain.stdout
    assert plain.stdout.count("shout") == 3  # the scrutinee runs once
    assert "true and false\n" in plain.stdout
    assert_same(plain, native)
    assert "division by zero" in native.stderr


# goldens and examples that have islands (the test checks that they still do)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = ["tests/golden/async_inference", "tests/golden/if_else", "tests/golden/int_arithmetic",
            "tests/golden/mailbox_order", "tests/golden/modules", "tests/golden/multi_clause",
            "tests/golden/panics", "tests/golden/pipes", "tests/golden/tail_calls", "examples/bakery",
            "examples/loops", "examples/tail_recursion", "examples/vending_machine"]


def _read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def copy_program(src: str, work):
    """A golden or example as a project of its own (a golden's input.mpl is its main.mpl)."""
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("emitted", "expected_*", "_build", "stdin"))
    if (work / "input.mpl").exists():
        os.rename(work / "input.mpl", work / "main.mpl")


def test_every_golden_and_example_with_islands_runs_native(tmp_path):
    """PROGRAMS lists every golden and example that has an island today (so
    a widening of what goes native reaches the test below)."""
    from meshpy.lower.module import GlobalNames
    from meshpy.native.typed import IslandEmitter
    from meshpy.pipeline import analyse

    with_islands = []
    for base in ("tests/golden", "examples"):
        for name in sorted(os.listdir(os.path.join(ROOT, base))):
            if not os.path.isdir(os.path.join(ROOT, base, name)):
                continue
            work = tmp_path / base.replace("/", "_") / name
            copy_program(os.path.join(ROOT, base, name), work)
            project = analyse(str(work))
            if not project.ok:
                continue
            if IslandEmitter(project.program, GlobalNames(project.program).names).emit()[0]:
                with_islands.append(f"{base}/{name}")
    assert with_islands == PROGRAMS


@pytest.mark.timeout(900)
@pytest.mark.parametrize("program", PROGRAMS)
def test_golden_and_example_outputs_native(program, tmp_path):
    src = os.path.join(ROOT, program)
    work = tmp_path / "prog"
    copy_program(src, work)
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", "--native", str(work)],
                         input=_read(os.path.join(src, "stdin"), ""), capture_output=True, text=True,
                         timeout=600)
    assert "meshpy: --native" not in run.stderr, run.stderr  # no fallback
    assert any(HOOK in _read(str(p)) for p in (work / "_build" / "meshprog").rglob("*.py"))
    expected = _read(os.path.join(src, "expected_stdout"), "")
    order = _read(os.path.join(src, "expected_order"))
    if order is None:
        assert run.stdout == expected, run.stderr
    else:
        check_interleaved(run.stdout, expected, order_groups(order))
    assert run.returncode == int(_read(os.path.join(src, "expected_exit"), "0").strip()), run.stderr


def test_float_functions_and_conversions(tmp_path):
    plain, native = both(tmp_path, """\
        fn norm(x :: Float, y :: Float) -> Float = Math.sqrt(x * x + y * y)

        fn to_i(x :: Float) -> Int = Float.to_int(x)

        fn shout(x :: Int) -> Int do
          println("called ${x}")
          x
        end

        fn mixed(n :: Int) -> Float do
          let f = Int.to_float(n) / 3.0
          let s = shout(n)
          Math.max(f, Math.min(Math.abs(f), 1.5)) + Int.to_float(Math.abs(s))
        end

        # the argument would be written twice by the typed form of abs: stays interpreted
        fn loud_abs(n :: Int) -> Int = Math.abs(shout(n))

        fn steps(x :: Float, n :: Int) -> Int do
          if x > 1000.0 do n else steps(x * 1.5 + Math.sqrt(x), n + 1) end
        end

        fn main() do
          println("${to_i(norm(3.0, 4.0))} ${to_i(0.0 / 0.0)} ${to_i(1.0e300)} ${to_i(-1.0e300)} ${to_i(-2.7)}")
          println("${to_i(norm(-1.0, 0.0) * 1000.0)} ${to_i(Math.sqrt(-1.0))} ${Math.floor(2.5)}")
          println("${to_i(mixed(-7) * 1000.0)} ${steps(1.0, 0)} ${loud_abs(-3)}")
        end
        """, ["norm", "to_i", "shout", "mixed", "steps"])
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.count("called") == 2
    assert_same(plain, native)


def test_string_and_list_functions_and_their_panics(tmp_path):
    plain, native = both(tmp_path, """\
        fn build(n :: Int) -> List<String> do
          for i in 0..n do "k" <> String.from(i) <> "=${i * 2}" end
        end

        fn describe(parts :: List<String>) -> String do
          let joined = String.join(parts, ",")
          "${List.length(parts)} ${String.length(joined)} ${List.last(parts)} ${List.head(parts)}"
        end

        fn pick(xs :: List<Int>, i :: Int) -> Int = List.get(xs, i)

        fn has(xs :: List<Int>, x :: Int) -> Bool = List.contains(xs, x)

        fn main() do
          println(describe(build(1000)))
          println(String.from("héllo wörld") <> " ${String.length("héllo")}")
          println("${pick([1, 2, 3], 2)} ${has([1, 2, 3], 2)} ${has([1, 2, 3], 5)}")
          println("${pick([1, 2, 3], 3)}")
        end
        """, ["build", "describe", "pick", "has"])  # main interpolates a Bool: interpreted
    assert "out of bounds" in plain.stderr
    assert "k999=1998 k0=0" in plain.stdout
    assert_same(plain, native)
    assert "List.get: index 3 out of bounds (len 3)" in native.stderr


def expected_islands(probes: str) -> dict:
    """Extension name -> probe, for every program under `probes` (one area
    of the conformance suite) that has islands."""
    from meshpy.lower.module import GlobalNames
    from meshpy.native.compile import module_name
    from meshpy.native.typed import IslandEmitter
    from meshpy.pipeline import analyse

    out = {}
    for name in sorted(os.listdir(probes)):
        if not os.path.isfile(os.path.join(probes, name, "main.mpl")):
            continue
        project = analyse(os.path.join(probes, name))
        if project.ok:
            source, _ = IslandEmitter(project.program, GlobalNames(project.program).names).emit()
            if source is not None:
                out[module_name(source)] = name
    return out


# The whole suite, every area (about 45 of its programs have islands; with a
# cold native cache mypyc adds a few minutes to the interpreted run).
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("area", CONFORMANCE_AREAS)
def test_conformance_area_passes_native(area, native_cache):
    assert conformance_present(), MISSING
    cmd = f"{shlex.quote(sys.executable)} -m meshpy run --native {{dir}}"
    proc = subprocess.run(
        [sys.executable, os.path.join(CONFORMANCE, "run.py"), "--cmd", cmd, "--area", area, "-j", "2",
         "--timeout", "600"],
        capture_output=True, text=True, timeout=1700,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("passed")
    # every island the area's programs have was compiled (not a silent interpreted fallback)
    built = set(os.listdir(native_cache))
    missing = {probe for ext, probe in expected_islands(os.path.join(CONFORMANCE, area)).items()
               if not any(f.startswith(ext + ".") for f in built)}
    assert not missing, f"islands not compiled for {sorted(missing)}"
