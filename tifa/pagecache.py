"""Pages (and other results) made by an earlier build, kept by a hash of what they were made
from.

The page generators of one interface hand ``PageCache.pages`` a group of pages (a term's pages,
one comparison) with everything the group is made from (``inputs``: the entry, its occurrences,
the hashes of the reports they stand in, ...); a group whose inputs hash as in the previous build
is taken from the cache instead of being made again. Pages are kept as they left the generator
(pickled at once: later steps of the build add to them), one file a group in a folder per
interface in the build folder; the folder is safe to delete, and a file that cannot be read
counts as absent. ``Memo`` keeps
plain results (a check's findings in a paragraph) the same way, in a JSON file, and ``Shelf``
other results (a paragraph's alignment) in a pickle file.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import pickle
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from .guard import remove_others
from .model import Comparison, GlossaryEntry, Occurrence, Site, Trends


def digest(*parts: object) -> str:
    """A hash of plain data (dataclasses, tuples, strings, paths) as pickle writes it, without
    its memo (which writes an object met twice as a reference, so that equal data shared
    differently would hash differently): the same data in the same order hashes alike in every
    process."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo; the data is never recursive
    pickler.dump(parts)
    return hashlib.sha256(out.getbuffer()).hexdigest()


def unpickle(data: bytes) -> Any:
    """What ``data`` pickles, loaded with the cycle collector paused: the objects a cached
    group is made of hold no cycles, and a collector run on every few hundred of them, each
    going through the whole heap of a build, cost more than loading them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if collecting:
            gc.enable()


class PageCache:
    """The groups of pages of one interface, each in a file of ``folder`` named by the hash of
    its inputs: written as soon as the group is made, so that memory holds no copy of them."""

    def __init__(self, folder: Path, fixed: str) -> None:
        self.folder, self.fixed = folder, fixed
        self.used: set[str] = set()
        self.made = self.kept = 0

    def pages(self, group: str, inputs: tuple, make: Callable[[], list]) -> list:
        """The pages of ``group``: the cached ones when ``inputs`` are unchanged, else
        ``make()``'s (any list pickle keeps: the search stage keeps its records so)."""
        name = digest(self.fixed, group, inputs) + ".pickle"
        self.used.add(name)
        try:
            kept = unpickle((self.folder / name).read_bytes())
            self.kept += 1
            return kept
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                ValueError, TypeError, IndexError):
            pass  # not cached, or not readable: made again
        made = make()
        self.made += 1
        _replace(self.folder / name, pickle.dumps(made, protocol=5))
        return made

    def save(self) -> None:
        """Keep this build's groups (and only them) for the next build."""
        if self.folder.is_dir():
            remove_others(self.folder, self.used)


class Memo:
    """Plain results (JSON values) by a hash of their inputs: those of the last build that this
    one asked for again and the new ones, kept in a JSON file for the next build (safe to
    delete; one of other code, or that cannot be read, counts as empty)."""

    def __init__(self, path: Path, fixed: str) -> None:
        self.path, self.fixed = path, fixed
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("fixed") == fixed:
                self.old = dict(stored["results"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.old = {}

    def get(self, inputs: str, make: Callable[[], Any]) -> Any:
        """The result for ``inputs`` (text): the last build's, else ``make()``'s, which must
        be a JSON value that gives itself back (lists, not tuples)."""
        key = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
        if key not in self.new:
            self.new[key] = self.old[key] if key in self.old else make()
        return self.new[key]

    def save(self) -> None:
        """Keep this build's results (and only them) for the next build, replacing the file
        (unless they are the last build's)."""
        if self.new.keys() == self.old.keys():
            return
        _replace(self.path, json.dumps({"fixed": self.fixed, "results": self.new},
                                       ensure_ascii=False).encode("utf-8"))


class Shelf:
    """Results any pickle keeps, by a key (a hash of their inputs), in one pickle file: the
    last build's, while its ``fixed`` inputs are the same, and the new ones; ``save`` keeps
    those whose keys are still live (safe to delete; one that cannot be read counts as
    empty)."""

    def __init__(self, path: Path, fixed: str) -> None:
        self.path, self.fixed, self.found = path, fixed, {}
        try:
            stored = unpickle(path.read_bytes())
            if stored["fixed"] == fixed:
                self.found = dict(stored["results"])
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                ValueError, TypeError, IndexError, KeyError):
            self.found = {}
        self.changed = False

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """The result kept for ``key``, else ``make()``'s (and kept)."""
        if key not in self.found:
            self.found[key], self.changed = make(), True
        return self.found[key]

    def save(self, live: set[str]) -> None:
        """Keep for the next build the results whose keys are in ``live``."""
        kept = {key: value for key, value in self.found.items() if key in live}
        if self.changed or len(kept) < len(self.found):
            _replace(self.path, pickle.dumps({"fixed": self.fixed, "results": kept},
                                             protocol=5))


def _replace(path: Path, data: bytes) -> None:
    """Write a cache file whole: a build killed while writing leaves the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


class Inputs:
    """What each group of pages is made from, as hashes: every report's (its text, sections and
    metadata), each section's outline (the report's metadata, the section's title) and each
    paragraph's, and what every page of the glossary and of the series may show (each entry's
    face, the reports' order and metadata, the series with their tallies and comparisons, each
    term's count in each report, which decides where its rows and lines of a report are placed).
    ``faces``: the glossary's names, forms and links, what the search records show of it;
    ``sections``: which section holds each paragraph of every report, where report links lead."""

    def __init__(self, site: Site, trends: Trends) -> None:
        self.reports = {r.slug: digest(r) for r in site.reports}
        self.outlines = {(r.slug, s.key): digest(r.meta, r.path, s.key, s.title, s.summary,
                                                 s.path) for r in site.reports for s in r.sections}
        self.paragraphs = {(r.slug, p.pid): digest(p) for r in site.reports
                           for p in r.paragraphs}
        self.sections = digest([(r.slug, [(s.key, [p.pid for p in s.paragraphs])
                                          for s in r.sections]) for r in site.reports])
        self.faces = digest([_face(e) for e in site.entries])
        self.shared = digest(self.faces,
                             [(r.slug, r.meta) for r in site.reports], trends,
                             {slug: sorted(Counter(o.report for o in found).items())
                              for slug, found in site.concordance.items()})
        self.found = {slug: digest(found) for slug, found in site.concordance.items()}

    def term(self, entry: GlossaryEntry, shown: list[Occurrence]) -> tuple:
        """A group of a term's pages: the shared inputs, the term's occurrences, and the
        paragraphs and the outlines of the sections of those whose lines it shows."""
        return (self.shared, entry, self.found.get(entry.slug, ""),
                [self.paragraphs[key] for key in sorted({(o.report, o.pid) for o in shown})],
                [self.outlines[key] for key in sorted({(o.report, o.section) for o in shown})])

    def comparison(self, comparison: Comparison) -> tuple:
        """A comparison page: the shared inputs and the two reports."""
        return (self.shared, comparison, self.reports[comparison.older],
                self.reports[comparison.newer])


def _face(entry: GlossaryEntry) -> tuple:
    """What the pages of other terms, the comparisons and the series show of an entry: its names,
    forms and links, not its definition, explanation, sources or notes (which only its own pages
    show, and which are in their own inputs), so that editing a definition remakes only them."""
    return (entry.slug, entry.zh, entry.en, entry.pinyin, entry.variants, entry.en_variants,
            entry.category, entry.scope, entry.related, entry.exclude)
