"""The diagnostic example in README.md is what meshpy prints for the program
shown there."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _blocks():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("### Diagnostics"):text.index("## Layout")]
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)


def test_readme_diagnostic_example_matches_real_output(tmp_path):
    blocks = _blocks()
    (source,) = [body for lang, body in blocks if lang == "mesh"]
    (expected,) = [body for lang, body in blocks if lang == ""]
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.mpl").write_text(source)
    p = subprocess.run([sys.executable, "-m", "meshpy", "check", "app"], capture_output=True, text=True,
                       timeout=120, cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    assert p.returncode == 1
    assert p.stderr == expected
