"""Write each page's table of URL keys into its docstring, from its spec (specs/<stem>.py).

    .venv/bin/python scripts/url_tables.py            # show what would change
    .venv/bin/python scripts/url_tables.py --write    # rewrite the page docstrings

tests/specs/test_specs.py fails when a docstring's table differs from its spec's, so the table a
reader sees in the code is always the one the page binds.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import concepts  # noqa: E402
from specs.base import PageSpec  # noqa: E402

HEADER = "URL keys (stable: shared links depend on them; generated from concepts/{stem}/spec.py):"
# The table runs from its header to the first line that is neither blank-free indented text.
_BLOCK = re.compile(r"^URL keys \(stable[^\n]*\n(?:[ \t]+\S[^\n]*\n)*", re.MULTILINE)


def docstring_table(spec: PageSpec) -> str:
    return HEADER.format(stem=spec.stem) + "\n" + spec.url_table() + "\n"


def rewritten(spec: PageSpec, source: str) -> str:
    if not _BLOCK.search(source):
        raise ValueError(f"concepts/{spec.stem}/{spec.stem}.py: no 'URL keys (stable' block in the docstring")
    return _BLOCK.sub(lambda _: docstring_table(spec), source, count=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    for spec in concepts.specs():
        path = concepts.script_path(spec.stem)
        source = path.read_text(encoding="utf-8")
        new = rewritten(spec, source)
        if new != source:
            print(f"{path.relative_to(ROOT)}: table {'rewritten' if args.write else 'out of date'}")
            if args.write:
                path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
