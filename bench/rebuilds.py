"""Rebuild times of two checkouts, alternating on copies of one corpus, for a shared machine:
``python -m bench.rebuilds BEFORE AFTER [--reports 100] [--runs 3]``.

Each checkout (a clone with its ``.venv``) builds its own copy of a ``bench.corpus`` corpus cold,
then ``--runs`` times after a one-paragraph edit and after a glossary entry edit (the bench's
edits), the two checkouts taking turns so that both see the same load. Each build runs in a
fresh process (``bench/child.py``); the minimum and median of each measure are printed, with
the load average after each build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.__main__ import glossary_edit, paragraph_edit
from bench.corpus import make_corpus


def build(checkout: Path, root: Path) -> tuple[float, float]:
    """One build of ``root`` by ``checkout``'s code: its seconds and the load average after."""
    done = subprocess.run([str(checkout / ".venv" / "bin" / "python"),
                           str(checkout / "bench" / "child.py"), "--root", str(root)],
                          capture_output=True, text=True, cwd=checkout,
                          env={**os.environ, "PYTHONPATH": str(checkout)})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"{checkout} failed to build {root}:\n{done.stderr[-2000:]}")
    return result["seconds"], os.getloadavg()[0]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.rebuilds", description=__doc__)
    ap.add_argument("checkouts", type=Path, nargs=2, metavar="CHECKOUT")
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tifa-rebuilds-") as tmp:
        roots = {c: make_corpus(Path(tmp) / f"corpus-{n}", args.reports)
                 for n, c in enumerate(args.checkouts)}
        times: dict[tuple[Path, str], list[tuple[float, float]]] = {}
        for checkout, root in roots.items():
            times[checkout, "cold build"] = [build(checkout, root)]
        for name, edit in (("one-paragraph edit", paragraph_edit),
                           ("glossary entry edit", glossary_edit)):
            for _ in range(args.runs):
                for checkout, root in roots.items():
                    edit(root)
                    times.setdefault((checkout, name), []).append(build(checkout, root))
        for (checkout, name), got in times.items():
            seconds = [s for s, _load in got]
            print(f"{checkout} {name}: min {min(seconds):.1f} s, median "
                  f"{statistics.median(seconds):.1f} s ("
                  + ", ".join(f"{s:.1f} s at load {load:.1f}" for s, load in got) + ")")


if __name__ == "__main__":
    main()
