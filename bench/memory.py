"""Translation memory at digest size: ``python -m bench.memory [--reports 100 500]``.

On a synthetic corpus (bench.corpus: the seed with other district names and figures), measures
building the memory (Gale–Church over every translated paragraph), writing the TMX file, and
for one report emptied of its English: listing its fuzzy matches, pretranslating it and
exporting its XLIFF. The synthetic reports differ in names and figures only, so nearly every
sentence finds a fuzzy match: an upper bound on matching work, not a measure of real reuse.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.corpus import make_corpus
from tifa.exports import tmx
from tifa.glossary import load_glossary
from tifa.memory import Memory, draft, sentence_matches
from tifa.resolve import resolve
from tifa.store import load_reports
from tifa.xliff import export_xliff


def _timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def measure(root: Path) -> list[tuple[str, str]]:
    """The rows for one corpus folder."""
    reports = load_reports(root / "content", root / "seeds", [])
    target = reports[0]
    for section in target.sections:
        section.paragraphs = [replace(p, en="", status="draft") for p in section.paragraphs]
    memory, build = _timed(lambda: Memory.of(reports[1:]))
    data, write = _timed(lambda: tmx(reports))
    listing, matched = _timed(lambda: [m for p in target.paragraphs
                                       for m in sentence_matches(memory, p, 50)])
    drafts, filled = _timed(lambda: [draft(memory, p, 85) for p in target.paragraphs])
    site = resolve(reports, load_glossary(root / "content" / "glossary", []))
    _, exported = _timed(lambda: export_xliff(site, target, memory))
    count = len(reports)
    return [(f"{count} reports: memory built", f"{build:.1f} s, {len(memory.units)} units"),
            (f"{count} reports: TMX written", f"{write:.1f} s, {len(data) / 1e6:.1f} MB"),
            (f"{count} reports: one report's matches listed",
             f"{matched:.1f} s for {len(listing)} sentences"),
            (f"{count} reports: one report pretranslated (fuzzy 85)",
             f"{filled:.1f} s, {sum(d is not None for d in drafts)} of {len(drafts)} paragraphs"),
            (f"{count} reports: one report's XLIFF exported", f"{exported:.1f} s")]


def main() -> None:
    """Run the measures for each corpus size and print a table."""
    ap = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    ap.add_argument("--reports", type=int, nargs="+", default=[100, 500])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="tifa-bench-memory-") as tmp:
        for count in args.reports:
            rows += measure(make_corpus(Path(tmp) / f"c{count}", count))
            for name, value in rows[-5:]:
                print(f"{name}: {value}", flush=True)
    print("\n| measure | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows))


if __name__ == "__main__":
    main()
