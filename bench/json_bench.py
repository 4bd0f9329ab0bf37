"""JSON encode/decode: meshpy's codec (msgspec underneath) against the
standard `json` module, in the same run. (The hand-written codec it
replaced measured 3.5x slower on structs, 20x on plain data, 1.9x on
decoding — issue 11's closing note; it is no longer kept.)

    .venv/bin/python bench/json_bench.py            # best of 7
    .venv/bin/python bench/json_bench.py --runs 15

Workloads:

* encode structs: `Json.encode` of a List of 2,000 derived-Json structs
  (String, Int, Float, List<String>, Option<String> fields) — the Mesh value
  mapping plus the text;
* encode data: `JSON.encode` of the plain data the same list maps to (the
  text alone);
* decode: `JSON.parse` of that text (~170 KB).

The `json` column does the same work with the standard library
(`json.dumps(to_json_value(v), sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`; `json.loads`) — its float notation differs from
Mesh's (`1e-07`), so it is a speed reference only. Ratios > 1 mean meshpy's
codec is faster. The decoded text is checked against `json.loads`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from meshpy.runtime import jsoncodec as new  # noqa: E402
from meshpy.runtime.values import NONE, Some, Struct  # noqa: E402


class Event(Struct):
    __slots__ = ("name", "count", "ratio", "tags", "note")
    _mesh_name = "Event"
    _mesh_fields = ("name", "count", "ratio", "tags", "note")

    def __init__(self, name, count, ratio, tags, note):
        self.name, self.count, self.ratio, self.tags, self.note = name, count, ratio, tags, note


def _events(n=2000):
    return [Event(f"event-{i} é", i * 7919, i / 7.0, ["web", "db", f"t{i % 13}"],
                  Some(f"note \"{i}\"\n") if i % 3 else NONE) for i in range(n)]


def _best(fn, runs, inner=20):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - start) / inner)
    return best


def _std_dumps(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per measurement; the best is reported")
    args = ap.parse_args()

    events = _events()
    data = new.to_json_value(events)
    text = new.encode(events)
    assert new.dumps(data) == text, "encoding structs and their data disagree"
    assert new.parse_text(text) == (True, data) and json.loads(text) == data

    cases = [
        ("encode structs", lambda: new.encode(events), lambda: _std_dumps(new.to_json_value(events))),
        ("encode data", lambda: new.dumps(data), lambda: _std_dumps(data)),
        ("decode", lambda: new.parse_text(text), lambda: json.loads(text)),
    ]
    print(f"JSON codec, {len(events)} structs, {len(text):,} bytes of text; best of {args.runs}")
    print(f"{'workload':<16}{'meshpy ms':>10}{'json ms':>9}{'json/meshpy':>13}")
    for name, f_new, f_std in cases:
        t_new, t_std = (_best(f, args.runs) for f in (f_new, f_std))
        print(f"{name:<16}{t_new * 1e3:>10.2f}{t_std * 1e3:>9.2f}{t_std / t_new:>12.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
