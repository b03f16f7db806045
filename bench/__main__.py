"""tifa's benchmarks: ``python -m bench`` prints a table (medians of several runs).

Measures the seed build (cold and warm), synthetic corpora of 10, 100 and 500 reports (cold
build, rebuild after a one-paragraph edit and after a glossary edit, the published site's size
against GitHub Pages' 1 GB), annotator throughput against a bare pyahocorasick scan, the rebuild in
``serve`` after a glossary edit, and the bytes a reader page and a cold search fetch in Chromium.
Each corpus ends with the issue's targets (issue 13) against what was measured.
``--quick`` skips the 500-report corpus; ``--write FILE`` also writes the table to FILE.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import ahocorasick

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.corpus import make_corpus  # noqa: E402
from tifa.annotate import Matcher  # noqa: E402
from tifa.store import load_sections  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


STAGE = re.compile(r"(?P<name>\w+): (?:(?P<lang>en|zh) interface, )?(?P<note>.*) in "
                   r"(?P<seconds>[\d.]+)s$")


def child_build(root: Path) -> dict:
    """One full build of ``root`` in a fresh process: its time, memory (``child.py``'s and, as
    watched in /proc, Pagefind's and the whole process tree's) and stage times."""
    with subprocess.Popen([PY, str(REPO / "bench" / "child.py"), "--root", str(root)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                          cwd=REPO) as build:
        watch = TreeWatch(build.pid)
        watch.start()
        out, err = build.communicate()
        watch.stop = True
        watch.join()
    lines = out.strip().splitlines()
    result = json.loads(lines[-1])
    if result["code"] != 0:
        raise SystemExit(f"build of {root} failed:\n{err[-2000:]}")
    stages = {}
    for match in filter(None, map(STAGE.match, lines[:-1])):
        stages[match["name"] + (f" {match['lang']}" if match["lang"] else "")] = \
            float(match["seconds"])
    return {**result, "stages": stages, "pagefind_mb": watch.pagefind / 1024,
            "tree_mb": watch.tree / 1024}


class TreeWatch(threading.Thread):
    """Watches a process and its descendants in /proc (Linux) five times a second: the most
    they held at once (the sum of their resident memory) and the peak of any Pagefind process
    (``VmHWM``; a child's own rusage would count the memory of the process it was forked
    from)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stop, self.tree, self.pagefind = pid, False, 0, 0

    def run(self) -> None:
        while not self.stop:
            total = 0
            for pid, name, status in self.family():
                total += _kb(status, "VmRSS")
                if name.startswith("pagefind"):
                    self.pagefind = max(self.pagefind, _kb(status, "VmHWM"))
            self.tree = max(self.tree, total)
            time.sleep(0.2)

    def family(self) -> list[tuple[int, str, str]]:
        parents, found = {}, []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                status = (entry / "status").read_text()
            except OSError:
                continue
            name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:]
            parents[int(entry.name)] = (int(rest.split()[1]), name, status)
        for pid, (_parent, name, status) in parents.items():
            ancestor = pid
            while ancestor in parents and ancestor != self.pid:
                ancestor = parents[ancestor][0]
            if ancestor == self.pid:
                found.append((pid, name, status))
        return found


def _kb(status: str, field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else 0


def stage_times(result: dict) -> str:
    """The stages of a build that took 0.1 s or more."""
    return ", ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items() if v >= 0.1)


def copy_seed_project(dest: Path) -> Path:
    for part in ("seeds", "content", "templates"):
        shutil.copytree(REPO / part, dest / part)
    return dest


def seed_build(work: Path, runs: int) -> tuple[float, float, Path]:
    """Median of cold builds (build/ deleted, so no cached search index) and of warm rebuilds."""
    root = copy_seed_project(work / "seed")
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(root / "build", ignore_errors=True)
        cold.append(child_build(root)["seconds"])
        warm.append(child_build(root)["seconds"])
    return statistics.median(cold), statistics.median(warm), root


def corpus_build(work: Path, count: int) -> dict:
    root = make_corpus(work / f"corpus-{count}", count)
    result = child_build(root)
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    return {**result, "pages": pages, "root": root}


def annotator(entries: int, text: list[str]) -> tuple[float, float]:
    """MB/s of Chinese text for the tifa matcher and for a bare pyahocorasick scan."""
    rng = random.Random(entries)
    joined = "".join(text)
    terms = set()
    while len(terms) < entries:
        start = rng.randrange(len(joined) - 8)
        terms.add(joined[start:start + rng.randint(2, 8)])
    matcher = Matcher(((t, f"t{i}", []) for i, t in enumerate(sorted(terms))), english=False)
    bare = ahocorasick.Automaton()
    for t in terms:
        bare.add_word(t, t)
    bare.make_automaton()
    size = sum(len(p.encode("utf-8")) for p in text) / 1e6
    rates = []
    for scan in (matcher.find, lambda p: list(bare.iter(p))):
        best = min(_timed(lambda: [scan(p) for p in text]) for _ in range(3))
        rates.append(size / best)
    return rates[0], rates[1]


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def serve_rebuild(root: Path, runs: int) -> float:
    from tifa.cli import Runner
    from tifa.serve import rebuild

    runner = Runner(root, strict=False, quiet=True)
    entry = root / "content" / "glossary" / "liang-ge-que-li.md"
    original = entry.read_text(encoding="utf-8")
    times = []
    for n in range(runs):
        entry.write_text(original.replace("A loyalty formula", f"A loyalty formula ({n})"),
                         encoding="utf-8")
        times.append(rebuild(runner))
    entry.write_text(original, encoding="utf-8")
    return statistics.median(times)


SEARCHES = ("两个确立", "优化营商环境")  # a glossary term; a phrase searched whole and by its words


def browser_bytes(site: Path, reader: str) -> dict:
    """Bytes a cold reader page load and a cold first search for each of ``SEARCHES`` fetch
    (raw and gzip), each in a fresh browser context (nothing cached)."""
    from playwright.sync_api import sync_playwright
    from serve import PrefixServer

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]
    out = {}
    with PrefixServer(site, "/tifa/") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for query in SEARCHES:
            page = browser.new_context().new_page()
            fetched: list[bytes] = []
            page.on("response", lambda r, f=fetched: f.append(r.body()) if r.ok else None)
            page.goto(server.url + reader, wait_until="networkidle")
            out["page"] = _sizes(fetched)
            fetched.clear()
            page.keyboard.press("/")
            page.fill("dialog.tifa-search input", query)
            page.wait_for_function(
                "q => document.querySelector('dialog.tifa-search').dataset.done === q", arg=query)
            page.wait_for_load_state("networkidle")
            out[query] = _sizes(fetched)
            page.context.close()
        browser.close()
    return out


def search_rows(row, name: str, weights: dict) -> None:
    """One row per first search measured."""
    for query in SEARCHES:
        row(f"{name}: first search for {query}, cold", kb(weights[query]))


def _sizes(bodies: list[bytes]) -> tuple[int, int]:
    return sum(len(b) for b in bodies), sum(len(gzip.compress(b)) for b in bodies)


def kb(pair: tuple[int, int]) -> str:
    return f"{pair[0] / 1024:.0f} KB ({pair[1] / 1024:.0f} KB gzip)"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="skip the 500-report corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--corpus-only", type=int, metavar="N", help="only the corpus of N reports")
    ap.add_argument("--write", type=Path, help="also write the table to this file")
    args = ap.parse_args()
    rows: list[tuple[str, str]] = []

    def row(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"{name}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="tifa-bench-") as tmp:
        work = Path(tmp)
        if args.corpus_only:
            corpus_rows(work, (args.corpus_only,), row)
            return finish(rows, args.write)
        seconds, warm, seed_root = seed_build(work, args.runs)
        row("seed: full build (2 interfaces + search), cold", f"{seconds:.2f} s")
        row("seed: full rebuild, search index reused from cache", f"{warm:.2f} s")
        rebuild = serve_rebuild(seed_root, args.runs)
        row("seed: serve rebuild after a glossary edit",
            f"{rebuild:.2f} s (+ up to 0.3 s until the change is seen)")
        weights = browser_bytes(seed_root / "site", "reports/2023-chaoyang-plenary/hui-mou-pian/")
        row("seed: reader page, cold load", kb(weights["page"]))
        search_rows(row, "seed", weights)
        text = [p.zh for s in load_sections(REPO / "content" / "reports" / "2023-chaoyang-plenary",
                                            []) for p in s.paragraphs] * 120
        for entries in (100, 1000, 5000):
            ours, bare = annotator(entries, text)
            row(f"annotator, {entries} entries", f"{ours:.1f} MB/s (bare pyahocorasick "
                f"{bare:.1f} MB/s)")
        corpus_rows(work, (10, 100) if args.quick else (10, 100, 500), row)
    finish(rows, args.write)


def corpus_rows(work: Path, sizes: tuple[int, ...], row) -> None:
    """Build each corpus size once; report time, memory, stages, the site's size and the
    rebuilds after an edit; then the issue's targets against what was measured."""
    previous = None
    measured: dict[str, float] = {}
    for count in sizes:
        result = corpus_build(work, count)
        per = result["seconds"] / count
        growth = f", {per / previous:.2f}x the time per report of the last size" \
            if previous else ""
        previous = per
        index = sum(p.stat().st_size for p in (result["root"] / "site" / "pagefind").rglob("*")
                    if p.is_file())
        row(f"corpus of {count} reports ({result['pages']} pages)",
            f"{result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB (tifa's process "
            f"{result['own_mb']:.0f} MB, its largest child {result['children_mb']:.0f} MB, "
            f"Pagefind {result['pagefind_mb']:.0f} MB; all at once at most "
            f"{result['tree_mb']:.0f} MB), {per:.2f} s per report{growth} "
            f"({stage_times(result)}; search index {index / 1e6:.1f} MB)")
        row(f"corpus of {count}: largest term page", largest_term_page(result["root"] / "site"))
        size = site_bytes(result["root"] / "site")
        row(f"corpus of {count}: published site", site_size(size, count))
        row(f"corpus of {count}: published site by kind of file",
            site_breakdown(result["root"] / "site", count))
        edits = {}
        for name, edit in (("one-paragraph", paragraph_edit), ("glossary entry", glossary_edit)):
            edits[name] = edit_rebuild(result["root"], edit)
            row(f"corpus of {count}: rebuild after a {name} edit",
                f"{edits[name]['seconds']:.1f} s ({stage_times(edits[name])})")
        measured |= {f"{count} cold": result["seconds"], f"{count} peak": result["peak_mb"],
                     f"{count} site": size / 1e6, f"{count} per report": size / count / 1e3,
                     f"{count} paragraph": edits["one-paragraph"]["seconds"],
                     f"{count} glossary": edits["glossary entry"]["seconds"]}
        if count >= 100:
            weights = browser_bytes(result["root"] / "site",
                                    "reports/r0001-nanguan/hui-mou-pian/")
            search_rows(row, f"corpus of {count}", weights)
            row(f"corpus of {count}: reader page, cold load", kb(weights["page"]))
        shutil.rmtree(result["root"])
    for name, key, unit, target in TARGETS:
        if key in measured:
            value = measured[key]
            row(f"target: {name} under {target:g} {unit}",
                f"{value:.1f} {unit}: {'met' if value < target else 'NOT met'}")


# The acceptance numbers (issue 13): what is measured, its key, unit and target.
TARGETS = (("100 reports, cold build", "100 cold", "s", 10),
           ("100 reports, rebuild after a one-paragraph edit", "100 paragraph", "s", 2),
           ("100 reports, rebuild after a glossary entry edit", "100 glossary", "s", 5),
           ("100 reports, published site per report", "100 per report", "KB", 400),
           ("500 reports, cold build", "500 cold", "s", 60),
           ("500 reports, peak memory", "500 peak", "MB", 1000),
           ("500 reports, published site", "500 site", "MB", 200),
           ("500 reports, published site per report", "500 per report", "KB", 400))


PAGES_LIMIT = 1e9  # GitHub Pages' limit on a published site, in bytes


def site_bytes(site: Path) -> int:
    """The bytes of every file of a site."""
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def site_size(size: int, count: int) -> str:
    """The published site's size, per report, and where it would pass Pages' limit."""
    per = size / count
    return (f"{size / 1e6:.0f} MB, {per / 1e3:.0f} KB per report, {size / PAGES_LIMIT:.1%} of "
            f"Pages' 1 GB (reached at about {PAGES_LIMIT / per:.0f} reports)")


REPORT_PAGES = ("figures", "editors")  # a report's pages that are not sections


def file_kind(path: str) -> str:
    """What a file of the site is, by its path (either interface)."""
    parts = path.removeprefix("zh/").split("/")
    top, depth = parts[0], len(parts)
    if top == "reports":
        if depth == 4:
            return "report figures/editors pages" if parts[2] in REPORT_PAGES else "reader pages"
        return "report homes" if depth == 3 else "other report files"
    if top == "glossary":
        if parts[1:] == ["cards.json"]:
            return "gloss cards files"
        if "_series" in parts:
            return "term pages by series"
        return {2: "glossary list", 3: "term pages"}.get(depth, "term pages by report")
    if top in ("pagefind", "downloads", "assets", "compare"):
        return {"pagefind": "search index", "compare": "comparison pages"}.get(top, top)
    return "sitemaps" if "sitemap" in top else "other pages"


def site_breakdown(site: Path, count: int) -> str:
    """KB per report of each kind of file, largest first, with the gloss cards inside reader
    pages (the ``tifa-cards`` block, counted up to its closing tag; none since the cards are
    one file per interface, ``gloss cards files``)."""
    sizes: dict[str, int] = {}
    for path in (p for p in site.rglob("*") if p.is_file()):
        kind = file_kind(path.relative_to(site).as_posix())
        sizes[kind] = sizes.get(kind, 0) + path.stat().st_size
        if kind == "reader pages":
            cards = "gloss cards within reader pages"
            sizes[cards] = sizes.get(cards, 0) + cards_bytes(path.read_bytes())
    return "; ".join(f"{kind} {size / count / 1e3:.0f} KB"
                     for kind, size in sorted(sizes.items(), key=lambda kv: -kv[1]))


def cards_bytes(html: bytes) -> int:
    """The bytes of a page's block of gloss cards (divs nest inside it)."""
    start = html.find(b'<div class="tifa-cards">')
    if start < 0:
        return 0
    depth = 0
    for tag in re.finditer(rb"<div\b|</div>", html[start:]):
        depth += 1 if tag.group(0) == b"<div" else -1
        if depth == 0:
            return tag.end()
    return len(html) - start


def paragraph_edit(root: Path) -> None:
    """Change the English of one paragraph of the first report."""
    section = sorted(next(iter(sorted((root / "content" / "reports").iterdir()))).glob("0*.md"))[1]
    text = section.read_text(encoding="utf-8")
    at = text.index("<!-- en -->\n") + len("<!-- en -->\n")
    section.write_text(text[:at] + "(Edited.) " + text[at:], encoding="utf-8")


def glossary_edit(root: Path) -> None:
    """Change the definition of one glossary entry."""
    entry = root / "content" / "glossary" / "liang-ge-que-li.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("A loyalty formula", "A loyalty formula (edited)"),
                     encoding="utf-8")


def edit_rebuild(root: Path, edit) -> dict:
    """A build after ``edit``, the previous build's cache in place."""
    edit(root)
    return child_build(root)


def largest_term_page(site: Path) -> str:
    """The heaviest term page of the English interface (its HTML, raw and gzip), and its
    largest page of a term's occurrences by report and of its series (the list of them and
    their counts in every report), each kind a bounded number of lines or rows a page."""
    glossary = site / "glossary"
    largest = max(glossary.glob("*/index.html"), key=lambda p: p.stat().st_size)

    def pages(kind: str) -> list[Path]:
        return [*glossary.glob(f"*/{kind}/index.html"), *glossary.glob(f"*/{kind}/*/index.html")]
    per_report, per_series = pages("_reports"), pages("_series")

    def heaviest(pages: list[Path]) -> str:
        return f"the largest {max((p.stat().st_size for p in pages), default=0) / 1024:.0f} KB"
    return (f"{largest.parent.name}: {kb(_sizes([largest.read_bytes()]))}; {len(per_report)} "
            f"pages of a term's occurrences by report, {heaviest(per_report)}; "
            f"{len(per_series)} pages of a term's series, {heaviest(per_series)}")


def finish(rows: list[tuple[str, str]], write: Path | None) -> None:
    """Print the table (and write it where asked)."""
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    print("\n" + table)
    if write:
        write.write_text(table + "\n", encoding="utf-8")

if __name__ == "__main__":
    main()
