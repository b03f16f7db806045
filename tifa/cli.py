"""The editors' command line: ``python build.py [build|check|ingest|new-term|serve]`` and the
translators' ``export-xliff``, ``import-xliff`` and ``pretranslate`` (in ``cat``)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import cat
from .errors import BuildFailed, Problem
from .glossary import new_entry_text, slug_for
from .guard import build_lock, write_inside
from .model import Site
from .pipeline import STAGES, Build, Layout, Stage, run, stages
from .serve import serve


class Runner:
    """Runs the stages for one command and prints progress and problems."""

    def __init__(self, root: Path, strict: bool, quiet: bool, site_url: str | None = None) -> None:
        self.layout = Layout(root, site_url)
        self.strict = strict
        self.quiet = quiet
        self.shown: set[Problem] = set()

    def say(self, text: str) -> None:
        """Print a progress line unless --quiet."""
        if not self.quiet:
            print(text, flush=True)

    def show(self, problems: list[Problem]) -> None:
        """Print problems (warnings too) as path:line lines on stderr, each once."""
        for p in problems:
            if p not in self.shown:
                self.shown.add(p)
                print(p.format(self.layout.root), file=sys.stderr)

    def lock(self):
        """The project's build lock (one build or ingest at a time)."""
        return build_lock(self.layout.work, self.layout.site)

    def _run(self, steps: tuple[Stage, ...]) -> Build:
        return run(Build(self.layout, self.strict, self.show, self.say), steps)

    def ingest(self) -> None:
        """Bring every seed into content/, stopping before writing if any seed is broken."""
        with self.lock():
            self._run(stages("ingest"))

    def load(self) -> Site:
        """Load, validate and resolve content; stop on errors (and warnings under --strict)."""
        return self._run(stages("load", "resolve", "series", "check")).site

    def build(self) -> None:
        """Every stage of the pipeline, from ingest to publishing site/."""
        started = time.perf_counter()
        with self.lock():
            self._run(STAGES)
        self.say(f"built site/ in {time.perf_counter() - started:.1f}s")

    def new_term(self, term: str | None) -> int:
        """Create ``content/glossary/<slug>.md`` for a term, with pinyin filled; never overwrite."""
        if not term or not term.strip():
            print("new-term needs the Chinese term: python build.py new-term 两个确立",
                  file=sys.stderr)
            return 2
        path = self.layout.root / "content" / "glossary" / f"{slug_for(term)}.md"
        if path.exists():
            print(f"{path.relative_to(self.layout.root)}: error: an entry file already exists\n"
                  "    hint: edit it, or choose another term", file=sys.stderr)
            return 1
        write_inside(path, new_entry_text(term.strip()), path.parent)
        self.say(f"new-term: wrote {path.relative_to(self.layout.root)}; fill in 'en' and the "
                 "definition")
        return 0


def _port(text: str) -> int:
    """A TCP port number given on the command line."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (a number from 1 to 65535)")
    return int(text)


def _score(text: str) -> int:
    """A match score given on the command line: a whole number from 0 to 100."""
    if not text.isdigit() or int(text) > 100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a score from 0 to 100")
    return int(text)


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per editor task."""
    ap = argparse.ArgumentParser(prog="python build.py", description=__doc__)
    ap.add_argument("command", nargs="?", default="build",
                    choices=["build", "check", "ingest", "new-term", "serve", "export-xliff",
                             "import-xliff", "pretranslate"],
                    help="build (default): ingest seeds and build site/; check: validate only, "
                         "exit 1 on errors; ingest: bring new or changed seeds into content/ "
                         "without building; new-term TERM: start a glossary entry; serve: build, "
                         "serve site/ and rebuild on every change in content/, templates/, seeds/; "
                         "export-xliff REPORT: write the report's XLIFF 1.2 file for a CAT tool; "
                         "import-xliff FILE: write its targets back as drafts; pretranslate "
                         "REPORT: fill untranslated paragraphs from translation memory as drafts")
    ap.add_argument("term", nargs="?", help="with new-term: the Chinese term; with export-xliff "
                    "and pretranslate: the report (its slug); with import-xliff: the XLIFF file")
    ap.add_argument("--output", type=Path, help="with export-xliff: where to write the file "
                    "(default build/xliff/<report>.xlf)")
    ap.add_argument("--overwrite", action="store_true", help="with import-xliff: replace the "
                    "English of translated paragraphs too (they become drafts)")
    ap.add_argument("--fuzzy", type=_score, metavar="SCORE", help="with pretranslate: also use "
                    "fuzzy matches scoring at least SCORE (0-100; default: exact matches only)")
    ap.add_argument("--dry-run", action="store_true", help="with pretranslate: list the "
                    "matches, write nothing")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("--quiet", action="store_true", help="print problems only")
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    ap.add_argument("--port", type=_port, default=8000, help="with serve: the port (default 8000)")
    ap.add_argument("--site-url", default=os.environ.get("TIFA_SITE_URL") or None,
                    help="the address the site is published at, e.g. "
                         "https://user.github.io/repo/ (default: $TIFA_SITE_URL); needed for "
                         "the sitemap and a 404 page that works at any depth")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 ok, 1 problems in the editors' files)."""
    args = parser().parse_args(argv)
    runner = Runner(args.root.resolve(), args.strict, args.quiet, args.site_url)
    try:
        if args.command == "new-term":
            return runner.new_term(args.term)
        if args.command == "serve":
            return serve(runner, args.port)
        if args.command == "export-xliff":
            return cat.export_command(runner, args.term, args.output)
        if args.command == "import-xliff":
            return cat.import_command(runner, args.term, args.overwrite)
        if args.command == "pretranslate":
            return cat.pretranslate_command(runner, args.term, args.fuzzy, args.dry_run)
        if args.command == "ingest":
            runner.ingest()
        elif args.command == "check":
            runner.load()
            runner.say("check: no errors")
        else:
            runner.build()
    except BuildFailed as failed:
        runner.show(failed.problems)
        print("build stopped: fix the errors above; site/ was not changed", file=sys.stderr)
        return 1
    return 0
