"""The `meshpy` command line: check, build and run Mesh programs."""

from __future__ import annotations

import argparse
import sys
import textwrap

from . import __version__

COLOR_MODES = ("auto", "always", "never")  # as diagnostics.COLOR_MODES, without importing it at start-up

DESCRIPTION = """\
meshpy compiles Mesh programs (.mpl) to Python asyncio code and runs them.

A program is a directory holding main.mpl (every .mpl file below it is a
module, named after its path: services/writer.mpl is Services.Writer), or a
single .mpl file.
"""

EPILOG = """\
examples:
  meshpy check mesher/          report every syntax and type error, write nothing
  meshpy build mesher/          compile to mesher/_build/ (unchanged projects are not recompiled)
  meshpy run examples/loops     build if needed, then run main()
  meshpy run hello.mpl          a single file is a program too
  meshpy run app/ -- a b        pass arguments after -- (Env.args() in the program)
  meshpy run --loop uvloop app/ run on uvloop instead of asyncio's default loop
  meshpy check --format json app/   diagnostics as JSON lines, for editors and CI
  meshpy new hello              create hello/ (main.mpl, a module, README, .gitignore)
  meshpy migrate status app/    list applied and pending migrations (needs DATABASE_URL)

exit status: 0 on success; 1 when the program has errors (diagnostics on
stderr, coloured on a terminal unless NO_COLOR is set); 2 for a usage
error; `run` exits with the program's own status (134 after a panic).
"""


def _output_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", choices=COLOR_MODES, default="auto",
                   help="colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="diagnostics as text, or one JSON object per line (docs/diagnostics.md)")


def _output(args):
    from .driver import Output

    return Output(color=args.color, format=args.format, quiet=getattr(args, "quiet", False))


def _setup_check(check: argparse.ArgumentParser) -> None:
    check.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")
    _output_flags(check)


def _do_check(args) -> int:
    from .driver import check
    return check(args.target, _output(args))


_NATIVE_HELP = "compile pure Int/Float/Bool functions with mypyc (needs a C compiler)"


def _setup_build(build: argparse.ArgumentParser) -> None:
    build.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")
    build.add_argument("-o", "--output", metavar="OUT", help="output folder (default: DIR/_build)")
    build.add_argument("--force", action="store_true", help="recompile even if nothing changed")
    build.add_argument("-q", "--quiet", action="store_true", help="do not print what was built")
    build.add_argument("--native", action="store_true", help=_NATIVE_HELP)
    _output_flags(build)


def _do_build(args) -> int:
    from .driver import build
    return build(args.target, args.output, force=args.force, opts=_output(args), native=args.native)


def _setup_run(run: argparse.ArgumentParser) -> None:
    run.add_argument("--loop", default="asyncio", metavar="asyncio|uvloop",
                     help="the event loop to run on (default: asyncio)")
    run.add_argument("--native", action="store_true", help=_NATIVE_HELP)
    _output_flags(run)
    run.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program (after --)")


def _do_run(args) -> int:
    from .driver import run
    extra = args.args[1:] if args.args[:1] == ["--"] else args.args
    return run(args.target, extra, _output(args), loop=args.loop, native=args.native)


def _setup_new(new: argparse.ArgumentParser) -> None:
    new.add_argument("name", metavar="NAME", help="the project folder to create (letters, digits, _)")


def _do_new(args) -> int:
    from .new import new_project
    return new_project(args.name)


def _setup_fmt(fmt: argparse.ArgumentParser) -> None:
    fmt.add_argument("paths", nargs="+", metavar="PATH", help=".mpl files or directories")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")


def _do_fmt(args) -> int:
    from .fmt.command import run as fmt
    return fmt(args.paths, check=args.check)


def _setup_lsp(_lsp: argparse.ArgumentParser) -> None:
    pass


def _do_lsp(_args) -> int:
    from .lsp.server import main as lsp
    return lsp()


def _setup_migrate(migrate: argparse.ArgumentParser) -> None:
    migrate.add_argument("args", nargs=argparse.REMAINDER, metavar="[up|down|status|generate NAME] [DIR]")


def _do_migrate(args) -> int:
    from .migrate import main as migrate
    return migrate(args.args)


# name -> (help, description, add the arguments, run; returns the exit status)
COMMANDS = {
    "check": ("parse and check a program; write nothing",
              "Parse every module of the program and run every static check, printing diagnostics "
              "(file:line:col, the source line, a caret) to stderr.",
              _setup_check, _do_check),
    "build": ("compile a program to Python",
              "Check the program, then write one Python module per Mesh module to the output folder "
              "(default: DIR/_build). Nothing is rewritten when no source changed; the warnings of "
              "the last build are shown again.",
              _setup_build, _do_build),
    "run": ("build (if needed) and run a program",
            "Build the program if any source changed, then run its main(). Arguments after `--` are "
            "passed to the program (Env.args()). Options go before DIR|FILE.",
            _setup_run, _do_run),
    "new": ("create a project that builds and runs at once",
            "Create NAME/ with main.mpl, a module, README.md and .gitignore; "
            "`meshpy run NAME` runs it.",
            _setup_new, _do_new),
    "fmt": ("format .mpl files (docs/formatting.md)",
            "Rewrite .mpl files in the standard style; `-` formats stdin to stdout.",
            _setup_fmt, _do_fmt),
    "lsp": ("run the language server on stdin/stdout (docs/editor.md)",
            "The Mesh language server (LSP over stdin/stdout) for editors: diagnostics, hover, "
            "go to definition, symbols, completion.",
            _setup_lsp, _do_lsp),
    "migrate": ("apply, revert, list or create database migrations",
                "meshpy migrate [up|down|status|generate NAME] [DIR]: run DIR/migrations/"
                "<version>_<name>.mpl against DATABASE_URL (required), each in its own transaction, "
                "recording them in _mesh_migrations. Default action: up; default DIR: .",
                _setup_migrate, _do_migrate),
}


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line parser; with `only`, the other commands get no
    arguments (nor their description): they cannot be reached anyway."""
    p = argparse.ArgumentParser(
        prog="meshpy", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"meshpy {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, description, setup, _run) in COMMANDS.items():
        if only is None or name == only:
            setup(sub.add_parser(name, help=help_, description=textwrap.fill(description, 79),
                                 formatter_class=argparse.RawDescriptionHelpFormatter))
        else:
            sub.add_parser(name, help=help_)
    return p


# Commands that are one batch of work: see main().
BATCH_COMMANDS = ("check", "build")
batch_done = False  # a batch command has run: __main__ may end the process at once


def main(argv=None) -> int:
    global batch_done
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return 2
    batch = args.command in BATCH_COMMANDS
    try:
        if not batch:
            return COMMANDS[args.command][3](args)
        from .gcpause import gc_paused

        with gc_paused():
            return COMMANDS[args.command][3](args)
    except KeyboardInterrupt:
        return 130
    finally:
        batch_done = batch_done or batch


def run_as_program() -> None:
    """The `meshpy` command (and `python -m meshpy`): main(), then the exit."""
    status = main()
    if batch_done:  # check/build: nothing of the compiler needs tidying up
        exit_now(status)
    sys.exit(status)


def exit_now(status: int) -> None:
    """End the process without tearing down the compiler's objects one by
    one (a final garbage collection and every deallocation: ~10% of a
    check), once the output is written."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
