"""The `meshpy` command line: check, build and run Mesh programs."""

from __future__ import annotations

import argparse
import sys

from . import __version__

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
  meshpy run app/ -- a b        pass arguments after --
  meshpy migrate status app/    list applied and pending migrations (needs DATABASE_URL)

exit status: 0 on success; 1 when the program has errors (diagnostics on
stderr); 2 for a usage error; `run` exits with the program's own status
(134 after a panic).
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="meshpy", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"meshpy {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check", help="parse and check a program; write nothing",
        description="Parse every module of the program and run every static check, "
                    "printing diagnostics (file:line:col, the source line, a caret) to stderr.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")

    build = sub.add_parser(
        "build", help="compile a program to Python",
        description="Check the program, then write one Python module per Mesh module to the "
                    "output folder (default: DIR/_build). Nothing is rewritten when no source changed.")
    build.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")
    build.add_argument("-o", "--output", metavar="OUT", help="output folder (default: DIR/_build)")
    build.add_argument("--force", action="store_true", help="recompile even if nothing changed")

    run = sub.add_parser(
        "run", help="build (if needed) and run a program",
        description="Build the program if any source changed, then run its main(). "
                    "Arguments after `--` are passed to the program.")
    run.add_argument("target", metavar="DIR|FILE", help="project directory (with main.mpl) or a single .mpl file")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program (after --)")

    fmt = sub.add_parser("fmt", help="format .mpl files (docs/formatting.md)",
                         description="Rewrite .mpl files in the standard style; `-` formats stdin to stdout.")
    fmt.add_argument("paths", nargs="+", metavar="PATH", help=".mpl files or directories")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    sub.add_parser("lsp", help="run the language server on stdin/stdout (docs/editor.md)")
    migrate = sub.add_parser(
        "migrate", help="apply, revert, list or create database migrations",
        description="meshpy migrate [up|down|status|generate NAME] [DIR]: run DIR/migrations/"
                    "<version>_<name>.mpl against DATABASE_URL (required), each in its own transaction, "
                    "recording them in _mesh_migrations. Default action: up; default DIR: .")
    migrate.add_argument("args", nargs=argparse.REMAINDER, metavar="[up|down|status|generate NAME] [DIR]")
    return p


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return 2
    try:
        if args.command == "check":
            from .driver import check
            return check(args.target)
        if args.command == "build":
            from .driver import build
            return build(args.target, args.output, force=args.force)
        if args.command == "run":
            from .driver import run
            extra = args.args[1:] if args.args[:1] == ["--"] else args.args
            return run(args.target, extra)
        if args.command == "fmt":
            from .fmt.command import run as fmt
            return fmt(args.paths, check=args.check)
        if args.command == "lsp":
            from .lsp.server import main as lsp
            return lsp()
        if args.command == "migrate":
            from .migrate import main as migrate
            return migrate(args.args)
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
