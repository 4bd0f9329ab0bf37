"""Deep recursion (language reference 9.9): self tail calls run in constant
stack, so they may recurse millions of times, in functions and in actors;
non-tail recursion works to a modest depth (10,000 levels), whether the
function compiles to a plain `def` or, because it can block, to an
`async def`.

Each test writes a small Mesh program to a temporary folder and runs it with
`meshpy run`."""

import subprocess
import sys
import textwrap


def run_mesh(tmp_path, source, timeout=300):
    project = tmp_path / "prog"
    project.mkdir()
    (project / "main.mpl").write_text(textwrap.dedent(source), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "meshpy", "run", str(project)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )
    return proc


def assert_runs(proc, stdout):
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == 0
    assert proc.stdout == stdout


def test_tail_recursive_countdown_from_ten_million(tmp_path):
    # Ten million frames would need gigabytes of stack: only a loop gets there.
    proc = run_mesh(tmp_path, """\
        fn countdown(n :: Int, acc :: Int) -> Int do
          if n == 0 do
            acc
          else
            countdown(n - 1, acc + n)
          end
        end

        fn main() do
          println("sum ${countdown(10000000, 0)}")
        end
        """)
    assert_runs(proc, "sum 50000005000000\n")


def test_tail_calls_in_case_arms_and_clauses_ten_million(tmp_path):
    # Tail positions inside `case` arms and across the clauses of a
    # multi-clause function; arguments are all evaluated before rebinding.
    proc = run_mesh(tmp_path, """\
        fn walk(0, a, b) = a + b
        fn walk(n, a, b) = walk(n - 1, b, a + 1)

        fn parity(n :: Int, evens :: Int) -> Int do
          case n % 2 do
            0 -> if n == 0 do evens else parity(n - 1, evens + 1) end
            _ -> parity(n - 1, evens)
          end
        end

        fn main() do
          println("walk ${walk(10000000, 0, 0)}")
          println("evens ${parity(10000000, 0)}")
        end
        """)
    assert_runs(proc, "walk 10000000\nevens 5000000\n")


def test_non_tail_recursion_depth_ten_thousand(tmp_path):
    proc = run_mesh(tmp_path, """\
        fn depth(n :: Int) -> Int do
          if n == 0 do 0 else 1 + depth(n - 1) end
        end

        fn sum_list(xs :: List<Int>) -> Int do
          case xs do
            x :: rest -> x + sum_list(rest)
            _ -> 0
          end
        end

        fn build(n :: Int) -> List<Int> do
          if n == 0 do [] else [n] ++ build(n - 1) end
        end

        fn main() do
          println("depth ${depth(10000)}")
          println("sum ${sum_list(for i in 0..10000 do i end)}")
          println("built ${List.length(build(10000))}")
        end
        """)
    assert_runs(proc, "depth 10000\nsum 49995000\nbuilt 10000\n")


def test_non_tail_recursion_depth_ten_thousand_in_async_code(tmp_path):
    # `Timer.sleep` can block, so `nap_depth` becomes an `async def` and
    # every level of the recursion is an awaited coroutine.
    proc = run_mesh(tmp_path, """\
        fn nap_depth(n :: Int) -> Int do
          if n == 0 do
            Timer.sleep(0)
            0
          else
            1 + nap_depth(n - 1)
          end
        end

        actor deep(n :: Int) do
          println("actor depth ${nap_depth(n)}")
        end

        fn main() do
          println("main depth ${nap_depth(10000)}")
          spawn(deep, 10000)
        end
        """)
    assert_runs(proc, "main depth 10000\nactor depth 10000\n")


def test_tail_recursive_actor_loop_one_million(tmp_path):
    # An actor that loops by calling itself with new arguments.
    proc = run_mesh(tmp_path, """\
        actor spin(n :: Int, acc :: Int) do
          if n == 0 do
            println("spin done ${acc}")
            self()
          else
            spin(n - 1, acc + 2)
          end
        end

        fn main() do
          spawn(spin, 1000000, 0)
        end
        """)
    assert_runs(proc, "spin done 2000000\n")


def test_receive_loop_one_million_messages(tmp_path):
    # The usual actor shape: receive, then loop with the new state. One actor
    # mails itself; another is fed a million messages by main.
    proc = run_mesh(tmp_path, """\
        actor echo_loop(n :: Int) do
          if n == 0 do
            println("echo done")
            self()
          else
            send(self(), n - 1)
            receive do
              m -> echo_loop(m)
            end
          end
        end

        fn done(count :: Int, total :: Int, me :: Pid) -> Pid do
          println("counter got ${count} messages, total ${total}")
          me
        end

        actor counter(count :: Int, total :: Int) do
          receive do
            -1 -> done(count, total, self())
            n -> counter(count + 1, total + n)
          end
        end

        fn feed(p, i :: Int, limit :: Int) do
          if i < limit do
            send(p, i)
            feed(p, i + 1, limit)
          else
            send(p, -1)
          end
        end

        fn main() do
          spawn(echo_loop, 1000000)
          let p = spawn(counter, 0, 0)
          feed(p, 0, 1000000)
        end
        """)
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == 0
    # the two actors run concurrently: compare the lines, not their order
    assert sorted(proc.stdout.splitlines()) == [
        "counter got 1000000 messages, total 499999500000",
        "echo done",
    ]
