"""The translators' commands: ``export-xliff``, ``import-xliff`` and ``pretranslate``.

Each loads and checks ``content/`` as the build does, works out every change first and writes
section files only when nothing is wrong (all of them or none).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildFailed, Problem, error
from .ingest import merge, split_report
from .memory import Memory, draft, sentence_matches, untranslated
from .model import Paragraph, Report, Site
from .store import replace_english, write_texts
from .xliff import export_xliff, plan_import, read_units

if TYPE_CHECKING:
    from .cli import Runner

LISTING_FLOOR = 50
REPORTED_FUZZY = 85


def _report(runner: Runner, slug: str | None) -> tuple[Site, Report]:
    runner.ingest()
    site = runner.load()
    found = next((r for r in site.reports if r.slug == slug), None)
    if found is None:
        known = ", ".join(r.slug for r in site.reports)
        raise BuildFailed([error(runner.layout.root / "content" / "reports", None,
                                 f"no report '{slug}'", f"known reports: {known}")])
    return site, found


def export_command(runner: Runner, slug: str | None, output: Path | None) -> int:
    """Write a report's XLIFF 1.2 file (default ``build/xliff/<slug>.xlf``)."""
    site, report = _report(runner, slug)
    path = output or runner.layout.work / "xliff" / f"{report.slug}.xlf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_xliff(site, report, Memory.of(site.reports)))
    units = sum(len(s.visible) for s in report.sections)
    runner.say(f"export-xliff: wrote {path} ({units} units)")
    return 0


def seed_chinese(root: Path, report: Report) -> dict[str, str]:
    """The Chinese each paragraph ID of a report has in its seed now (as the next ingest would
    give it), without writing anything."""
    problems: list[Problem] = []
    seed = root / "seeds" / f"{report.slug}.zh.txt"
    new = split_report(seed, problems) if seed.exists() else None
    if new is None:
        return {p.pid: p.zh for p in report.paragraphs}
    merged = merge(copy.deepcopy(report.paragraphs), new)
    return {p.pid: p.zh for _, p in merged if p.status != "removed"}


def import_command(runner: Runner, file: str | None, overwrite: bool) -> int:
    """Write the targets of an XLIFF file back into the section files as drafts."""
    if not file:
        raise BuildFailed([error(Path("."), None, "import-xliff needs the XLIFF file",
                                 "python build.py import-xliff build/xliff/<report>.xlf")])
    site = runner.load()
    named = {unit.report for unit in read_units(Path(file).resolve(), [])}
    reports = [_as_in_seed(runner.layout.root, r) if r.slug in named else r for r in site.reports]
    result = plan_import(Path(file).resolve(), reports, overwrite)
    if any(p.level == "error" for p in result.problems):
        raise BuildFailed(result.problems + [error(Path(file).resolve(), None,
                                                   "nothing was imported")])
    _write(runner, result.files)
    for p in result.changed:
        runner.say(f"import-xliff: {p.pid} is now a draft ({_where(runner, p)})")
    runner.say(f"import-xliff: {len(result.changed)} paragraph(s) changed")
    return 0


def _as_in_seed(root: Path, report: Report) -> Report:
    """The report with each paragraph's Chinese as the seed has it now."""
    seed = seed_chinese(root, report)
    copied = copy.deepcopy(report)
    for p in copied.paragraphs:
        p.zh = seed.get(p.pid, p.zh)
    return copied


def _where(runner: Runner, p: Paragraph) -> str:
    return f"{p.path.relative_to(runner.layout.root)}:{p.line}" if p.path else p.pid


def _write(runner: Runner, files: dict[Path, str]) -> None:
    try:
        with runner.lock():
            write_texts(files, runner.layout.root / "content" / "reports")
    except OSError as exc:
        raise BuildFailed([error(next(iter(files)), None, f"cannot write ({exc.strerror})",
                                 "nothing was changed; check the folder's permissions")])


def _listing(runner: Runner, memory: Memory, p: Paragraph) -> str:
    parts = []
    for number, match in enumerate(sentence_matches(memory, p, LISTING_FLOOR), start=1):
        if match is None:
            parts.append(f"s{number} no match")
        else:
            kind = "exact" if match.exact else f"{match.score}%"
            parts.append(f"s{number} {kind} {match.unit.where}")
    return f"{_where(runner, p)}: {p.pid}: " + "; ".join(parts)


def pretranslate_command(runner: Runner, slug: str | None, fuzzy: int | None,
                         dry_run: bool) -> int:
    """Fill untranslated paragraphs from memory as drafts marked ``tm=``; list the matches."""
    site, report = _report(runner, slug)
    others = [r for r in site.reports if r.slug != report.slug]
    memory = Memory.of(others + [report])
    changes: dict[Path, dict[str, Paragraph]] = {}
    drafted = 0
    for p in (p for s in report.sections for p in s.visible if untranslated(p)):
        found = draft(memory, p, fuzzy if fuzzy is not None else 100)
        runner.say(_listing(runner, memory, p) + (" -> drafted" if found else ""))
        if found is not None and p.path is not None:
            en, origin = found
            changes.setdefault(p.path, {})[p.pid] = replace(p, en=en, origin=origin)
            drafted += 1
    files = {path: replace_english(path.read_text(encoding="utf-8"), changed)
             for path, changed in changes.items()}
    if not dry_run:
        _write(runner, files)
    runner.say(f"pretranslate: {drafted} paragraph(s) drafted from memory"
               + (" (dry run: nothing written)" if dry_run else "") + "; "
               + _coverage(memory, report, fuzzy if fuzzy is not None else REPORTED_FUZZY))
    return 0


def _coverage(memory: Memory, report: Report, cutoff: int) -> str:
    """How many sentences of the untranslated paragraphs memory holds, exactly or fuzzily."""
    matches = [m for p in report.paragraphs if untranslated(p)
               for m in sentence_matches(memory, p, cutoff)]
    exact = sum(1 for m in matches if m is not None and m.exact)
    fuzzy = sum(1 for m in matches if m is not None and not m.exact)
    share = f" ({(exact + fuzzy) / len(matches):.0%})" if matches else ""
    return (f"of {len(matches)} untranslated sentence(s), {exact} have an exact match and "
            f"{fuzzy} a fuzzy one of {cutoff}% or more{share}")

