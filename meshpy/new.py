"""`meshpy new NAME`: a project skeleton that builds and runs at once."""

from __future__ import annotations

import os
import re
import sys

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")

_MAIN = '''\
# {name}: `meshpy run {name}`, or `meshpy run {name} -- Ada` to greet Ada.
from Greeting import greet

fn main() do
  let args = Env.args()
  let who = if List.length(args) > 0 do List.head(args) else "world" end
  println(greet(who))
end
'''

_GREETING = '''\
# The module Greeting (a module is named after its file: greeting.mpl).

pub fn greet(name :: String) -> String do
  "Hello, ${{name}}!"
end
'''


def _files(name: str) -> dict:
    return {
        "main.mpl": _MAIN.format(name=name),
        "greeting.mpl": _GREETING.format(),
        "README.md": f"# {name}\n\nA Mesh program: `meshpy run {name}` (or `meshpy run {name} -- Ada`).\n",
        ".gitignore": "_build/\n",
    }


def check_name(name: str) -> str | None:
    """Why `name` cannot be a project name, or None when it can."""
    base = os.path.basename(os.path.normpath(name))
    if not _NAME.match(base):
        return (f"invalid project name {base!r}: use lower-case letters, digits and `_`, "
                f"starting with a letter (e.g. my_app)")
    return None


def new_project(name: str, stream=None) -> int:
    stream = stream or sys.stderr
    problem = check_name(name)
    if problem:
        print(f"meshpy new: {problem}", file=stream)
        return 1
    if os.path.exists(name):
        print(f"meshpy new: {name} already exists; choose another name or remove it", file=stream)
        return 1
    try:
        os.makedirs(name)
        for rel, text in _files(os.path.basename(os.path.normpath(name))).items():
            with open(os.path.join(name, rel), "w", encoding="utf-8") as f:
                f.write(text)
    except OSError as exc:
        print(f"meshpy new: cannot create {name}: {exc.strerror or exc}", file=stream)
        return 1
    print(f"Created {name}/ (main.mpl, greeting.mpl, README.md, .gitignore)\n"
          f"Run it: meshpy run {name}", file=stream)
    return 0
