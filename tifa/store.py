"""Read and write the editors' files: YAML front matter and the section files of a report.

A section file is Markdown an editor can read on GitHub. After a short front matter, each paragraph
is a block opened by an HTML comment that carries its stable ID, kind and status; the Chinese comes
first, then a ``<!-- en -->`` line, then the English (Markdown)::

    <!-- ¶ p11 text lead status=translated -->
    政治素质显著提升。坚持……

    <!-- en -->
    **Political quality has improved markedly.** ...

A draft filled from translation memory also names its sources in the header line
(``tm=2023-chaoyang-plenary#p11@100``: report, paragraph and match score of each sentence).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import Problem, error, warning
from .guard import ensure_inside, file_stem, name_problem
from .markup import DOC_TYPES
from .model import KINDS, STATUSES, Digest, Paragraph, Report, ReportMeta, Section
from .safety import safe_url
from .split import SplitRules

BLOCK = re.compile(r"^<!-- ¶ (?P<pid>\S+)(?P<attrs>(?: \S+)*) -->\s*$")
EN_MARK = "<!-- en -->"
_PID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
SECTION_FIELDS = ("section", "summary")
DIGEST_FIELDS = ("takeaways",)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMBERED_FILE = re.compile(r"^\d\d-")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader without timestamps: a date stays the text the editor wrote, so a
    date that does not exist (2023-02-30) is reported with its line instead of crashing. It
    parses with libyaml where PyYAML was built with it (about ten times faster: every build
    reads every section file's front matter, every metadata file and every glossary entry)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_SOURCE = r"[A-Za-z0-9_.-]+#[A-Za-z][A-Za-z0-9_-]*@\d{1,3}"
ORIGIN = re.compile(rf"^tm={_SOURCE}(?:,{_SOURCE})*$")
"""A header token naming the translation-memory sources of a draft: report#paragraph@score."""


@dataclass
class FrontMatter:
    """Parsed front matter of a Markdown file and where its body starts."""

    data: dict[str, Any]
    body: str
    body_line: int


def read_bytes(path: Path, problems: list[Problem], what: str = "file",
               hint: str = "check that it exists and that you may read it") -> bytes | None:
    """The bytes of an editor's file (``what`` names it in the message); a symbolic link or an
    unreadable file is reported as a problem and gives None."""
    if path.is_symlink():
        problems.append(link_problem(path))
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(error(path, None, f"cannot read the {what} ({exc.strerror})", hint))
        return None


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """Read an editor's UTF-8 file; report a symbolic link, BOM, bad encoding or unreadable file
    as a problem."""
    raw = read_bytes(path, problems)
    if raw is None:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(error(path, 1, "the file starts with a byte-order mark (BOM)",
                              "save it as UTF-8 without BOM"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(error(path, line, "the file is not valid UTF-8", "save it as UTF-8"))
        return None


def parse_yaml(path: Path, text: str, first_line: int,
               problems: list[Problem]) -> dict[str, Any] | None:
    """Parse a YAML mapping whose first line is line ``first_line`` of ``path``."""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            problems.append(error(path, number, "a tab is used for indentation in YAML",
                                  "indent with spaces only"))
            return None
    try:
        data = yaml.load(text, Loader=_Loader) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        reason = getattr(exc, "problem", None) or "malformed YAML"
        problems.append(error(path, line, f"malformed YAML: {reason}",
                              "check quotes, colons and indentation on this line"))
        return None
    except RecursionError:
        data = _TOO_DEEP
    if data is _TOO_DEEP or _too_deep(data):
        problems.append(error(path, first_line, "malformed YAML: nested too deeply",
                              "write plain 'field: value' lines and short lists"))
        return None
    if not isinstance(data, dict):
        problems.append(error(path, first_line, "this is not a set of 'field: value' lines",
                              "write one 'field: value' per line"))
        return None
    return data


NESTING = 100  # lists and mappings inside each other: no editor's file comes near it
_TOO_DEEP = object()


def _too_deep(data: Any) -> bool:
    """Whether YAML data nests deeper than ``NESTING`` (libyaml parses any depth; the pure
    Python parser stopped with a RecursionError)."""
    level = [data]
    for _ in range(NESTING):
        level = [v for item in level if isinstance(item, (list, dict))
                 for v in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return any(isinstance(item, (list, dict)) for item in level)


def link_problem(path: Path) -> Problem:
    """The error for an editor's file that is a symbolic link (it may point anywhere)."""
    return error(path, None, "the file is a symbolic link",
                 "replace it with the file itself: a link may point outside the project")


def check_fields(path: Path, text: str, data: dict, known: Iterable[str],
                 problems: list[Problem], first_line: int = 1) -> None:
    """Report every key of ``data`` that is not a known field, suggesting the closest one."""
    known = sorted(known)
    for key in (k for k in data if k not in known):
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(error(path, field_line(text, str(key)) or first_line,
                              f"unknown field '{key}'{guess}",
                              f"known fields: {', '.join(known)}"))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def text_field(path: Path, text: str, data: dict, key: str, problems: list[Problem],
               first_line: int = 1) -> str | None:
    """The value of ``key`` as text ('' when absent); a list, mapping or true/false is reported
    as an error and gives None."""
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    problems.append(error(path, field_line(text, key) or first_line,
                          f"'{key}' must be text, not {_kind(value)}",
                          f"write '{key}: …' with the text on one line (put it in quotes if it "
                          "starts with [ or {, or is yes/no/true/false)"))
    return None


def url_field(path: Path, text: str, key: str, url: str, problems: list[Problem]) -> bool:
    """Whether an address an editor gave may be linked (see ``safety.ALLOWED_SCHEMES``)."""
    if safe_url(url):
        return True
    problems.append(error(path, field_line(text, key) or 1,
                          f"address '{url}' in '{key}' is not allowed",
                          "use an http:// or https:// address (or mailto:, or a relative one)"))
    return False


def parse_front_matter(path: Path, text: str, problems: list[Problem]) -> FrontMatter | None:
    """Split ``---`` YAML front matter from a Markdown body, reporting YAML errors with lines."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(error(path, 1, "the file does not start with '---' front matter",
                              "put the fields between two '---' lines at the top of the file"))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(error(path, 1, "the front matter is never closed",
                              "add a line '---' after the last field"))
        return None
    data = parse_yaml(path, "\n".join(lines[1:end]), 2, problems)
    if data is None:
        return None
    return FrontMatter(data, "\n".join(lines[end + 1:]), end + 2)


def _parse_attrs(path: Path, line: int, attrs: str, problems: list[Problem]) -> dict[str, Any]:
    kind, status, lead, origin = None, "draft", False, ""
    for token in attrs.split():
        if token in KINDS:
            kind = token
        elif token == "lead":
            lead = True
        elif token.startswith("status=") and token[7:] in STATUSES:
            status = token[7:]
        elif ORIGIN.match(token):
            origin = token[3:]
        else:
            problems.append(error(path, line, f"unknown word '{token}' in the paragraph header",
                                  f"use a kind ({', '.join(KINDS)}), 'lead', "
                                  f"status=({'|'.join(STATUSES)}), or tm=report#p12@100"))
    if kind is None:
        problems.append(error(path, line, "the paragraph header names no kind",
                              f"add one of: {', '.join(KINDS)}"))
        kind = "text"
    return {"kind": kind, "status": status, "lead": lead, "origin": origin}


def _finish_block(path: Path, start: int, pid: str, attrs: dict[str, Any],
                  body: list[str], problems: list[Problem]) -> Paragraph | None:
    if EN_MARK not in (line.strip() for line in body):
        problems.append(error(path, start, f"paragraph {pid} has no '{EN_MARK}' line",
                              "put the English after a line '<!-- en -->' (empty if untranslated)"))
        return None
    split = [line.strip() for line in body].index(EN_MARK)
    zh = "".join(line.strip() for line in body[:split])
    en_lines = body[split + 1:]
    en = "\n".join(en_lines).strip()
    en_line = start + 1 + split + 1 + next((i for i, x in enumerate(en_lines) if x.strip()), 0)
    if not zh:
        problems.append(error(path, start, f"paragraph {pid} has no Chinese text",
                              "the Chinese comes from the seed: run 'python build.py ingest' "
                              "or restore the text"))
        return None
    if attrs["status"] == "translated" and not en:
        problems.append(warning(path, start, f"paragraph {pid} is marked translated but has no "
                                "English", "write the English or set status=draft"))
    return Paragraph(pid=pid, zh=zh, en=en, path=path, line=start, en_line=en_line, **attrs)


def parse_section(path: Path, text: str, problems: list[Problem]) -> Section | None:
    """Parse one section file into a Section, collecting every problem found."""
    front = parse_front_matter(path, text, problems)
    if front is None:
        return None
    section = _section_head(path, text, front.data, problems)
    current: tuple[int, str, dict[str, Any]] | None = None
    body: list[str] = []
    for number, line in enumerate(front.body.split("\n"), start=front.body_line):
        match = BLOCK.match(line)
        if match is None and line.startswith("<!-- ¶"):
            problems.append(error(path, number, "malformed paragraph header",
                                  "write it as '<!-- ¶ p12 text status=draft -->'"))
        if match is None:
            if current is None and line.strip():
                problems.append(error(path, number, "text outside any paragraph block",
                                      "move it under a '<!-- ¶ … -->' header or delete it"))
            body.append(line)
            continue
        if current is not None:
            _append(section, _finish_block(path, *current, body, problems))
        pid = match["pid"]
        if not _PID.match(pid):
            problems.append(error(path, number, f"invalid paragraph ID '{pid}'",
                                  "IDs start with a letter and use letters, digits, - and _"))
        current, body = (number, pid, _parse_attrs(path, number, match["attrs"], problems)), []
    if current is not None:
        _append(section, _finish_block(path, *current, body, problems))
    return section


def _section_head(path: Path, text: str, data: dict, problems: list[Problem]) -> Section:
    """The section's key and summary from its front matter, checked."""
    check_fields(path, text, data, SECTION_FIELDS, problems, 2)
    key = text_field(path, text, data, "section", problems, 2) or _NUMBERED_FILE.sub("", path.stem)
    summary = text_field(path, text, data, "summary", problems, 2) or ""
    problem = name_problem("section key", key, path, field_line(text, "section") or 1)
    if problem is not None:
        problems.append(problem)
    return Section(key=key, summary=summary, path=path, line=1)


def _append(section: Section, paragraph: Paragraph | None) -> None:
    if paragraph is not None:
        section.paragraphs.append(paragraph)


def format_section(section: Section) -> str:
    """Write a Section back to the section-file text (the inverse of parse_section)."""
    head = yaml.safe_dump({"section": section.key, "summary": section.summary},
                          allow_unicode=True, sort_keys=False, width=100)
    out = ["---", head.rstrip("\n"), "---", ""]
    for p in section.paragraphs:
        out += [header_line(p), p.zh, "", EN_MARK]
        out += ([p.en] if p.en else []) + [""]
    return "\n".join(out)


def header_line(p: Paragraph) -> str:
    """The line that opens a paragraph's block: ID, kind, lead, status and origin."""
    attrs = [p.kind] + (["lead"] if p.lead else []) + [f"status={p.status}"]
    attrs += [f"tm={p.origin}"] if p.origin else []
    return f"<!-- ¶ {p.pid} {' '.join(attrs)} -->"


def replace_english(text: str, changed: dict[str, Paragraph]) -> str:
    """A section file's text with the header line and English of the ``changed`` paragraphs
    (by ID) rewritten; every other byte of the file stays as it was."""
    out: list[str] = []
    current: Paragraph | None = None
    skipping = False
    for line in text.split("\n"):
        match = BLOCK.match(line)
        if match is not None:
            current, skipping = changed.get(match["pid"]), False
            out.append(header_line(current) if current is not None else line)
        elif not skipping:
            out.append(line)
            if current is not None and line.strip() == EN_MARK:
                out += [current.en, ""] if current.en else [""]
                skipping = True
    return "\n".join(out)


def load_sections(report_dir: Path, problems: list[Problem]) -> list[Section]:
    """Parse every section file of a report folder, in file-name order."""
    sections: list[Section] = []
    owners: dict[str, Section] = {}
    for path in sorted(report_dir.glob("[0-9][0-9]-*")):
        if not path.name.lower().endswith(".md") or \
                file_stem(path, ".md", "section file name", problems) is None:
            continue
        text = read_text(path, problems)
        section = parse_section(path, text, problems) if text is not None else None
        if section is None:
            continue
        if section.key in owners:
            problems.append(error(path, field_line(text, "section") or 1,
                                  f"the section key '{section.key}' is also used by "
                                  f"{owners[section.key].path.name}",
                                  "give each section of a report its own key"))
        owners.setdefault(section.key, section)
        sections.append(section)
    return sections


_META_FIELDS = {f for f in ReportMeta.__dataclass_fields__ if f != "path"}


def load_meta(path: Path, problems: list[Problem]) -> ReportMeta | None:
    """Read a report's metadata file (``seeds/<slug>.meta.yaml``), checking every field."""
    if not path.exists():
        problems.append(error(path, None, "the report has no metadata file",
                              f"create {path.name} with at least title_zh and title_en"))
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    data = parse_yaml(path, text, 1, problems)
    if data is None:
        return None
    before = len(problems)
    check_fields(path, text, data, _META_FIELDS, problems)
    split = data.pop("split", None) or {}
    values = {k: text_field(path, text, data, k, problems) for k in _META_FIELDS - {"split"}
              if k in data}
    for key in ("title_zh", "title_en"):
        if values.get(key) == "" or key not in data:
            problems.append(error(path, field_line(text, key) or 1, f"missing field '{key}'",
                                  f"add a line '{key}: …'"))
    if values.get("date"):
        _check_date(path, text, values["date"], problems)
    if values.get("series"):
        problem = name_problem("series", values["series"], path, field_line(text, "series"))
        problems += [problem] if problem else []
    if values.get("source_url"):
        url_field(path, text, "source_url", values["source_url"], problems)
    for key, message in SplitRules.from_meta(split).problems:
        line = where(text, "split", key)
        problems.append(error(path, line, message, "see 'split' in the README (paragraphs, "
                              "sections, subheadings, start, end, drop)"))
    if len(problems) > before:
        return None
    if values.get("doc_type") and values["doc_type"] not in DOC_TYPES:
        problems.append(warning(path, field_line(text, "doc_type") or 1,
                                f"unknown document type '{values['doc_type']}'",
                                f"use one of: {', '.join(DOC_TYPES)} (the Chinese interface "
                                "shows any other in English)"))
    return ReportMeta(**values, split=split, path=path)


def _check_date(path: Path, text: str, value: str, problems: list[Problem]) -> None:
    """A report's date is YYYY-MM-DD, YYYY-MM or YYYY (as much as a source supports), and real."""
    match = _DATE.fullmatch(value)
    hint = ("write the date as YYYY-MM-DD, or YYYY-MM or YYYY when a source gives no more; "
            "leave it out when it is unknown")
    if match is None:
        problems.append(error(path, field_line(text, "date") or 1, f"'date' {value} is not a "
                              "date (YYYY-MM-DD, YYYY-MM or YYYY)", hint))
        return
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        problems.append(error(path, field_line(text, "date") or 1,
                              f"'date' {value} is not a real date", hint))


def field_line(text: str, key: str) -> int | None:
    """The line on which a top-level ``key:`` stands in a YAML text, if it does."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def where(text: str, parent: str, key: str) -> int:
    """The line to name for a problem with ``parent: {key: …}``: the key's, else the parent's."""
    return nested_line(text, parent, key) or field_line(text, parent) or 1


def nested_line(text: str, parent: str, key: str) -> int | None:
    """The line on which ``key:`` stands inside the top-level mapping ``parent:``, if it does."""
    start = field_line(text, parent)
    if start is None or not key:
        return None
    for number, line in enumerate(text.split("\n")[start:], start=start + 1):
        if line.strip() and not line[0].isspace():
            return None
        if line.strip().startswith(f"{key}:"):
            return number
    return None


def load_report(report_dir: Path, seeds_dir: Path, problems: list[Problem],
                parsed: list[Section] | None = None) -> Report | None:
    """Load one report: its metadata beside the seed and its section files (``parsed``, when
    the ingest that just ran has read them already)."""
    slug = report_dir.name
    meta = load_meta(seeds_dir / f"{slug}.meta.yaml", problems)
    sections = parsed if parsed is not None else load_sections(report_dir, problems)
    if not sections:
        problems.append(error(report_dir, None, "the report folder has no section files",
                              "run 'python build.py ingest' to create them from the seed"))
    seen: dict[str, Paragraph] = {}
    for p in (p for s in sections for p in s.paragraphs):
        if p.pid in seen:
            first = seen[p.pid]
            problems.append(error(p.path, p.line, f"duplicate paragraph ID '{p.pid}' "
                                  f"(also at {first.path.name}:{first.line})",
                                  "give each paragraph its own ID"))
        seen[p.pid] = p
    digest = load_digest(report_dir / "digest.md", problems)
    if meta is None or not sections:
        return None
    return Report(slug=slug, meta=meta, sections=sections, digest=digest, path=report_dir)


def load_digest(path: Path, problems: list[Problem]) -> Digest | None:
    """Read a report's digest (``digest.md``: takeaways in front matter, summary as body)."""
    if not path.exists():
        return None
    text = read_text(path, problems)
    front = parse_front_matter(path, text, problems) if text is not None else None
    if front is None:
        return None
    check_fields(path, text, front.data, DIGEST_FIELDS, problems, 2)
    takeaways = front.data.get("takeaways") or []
    if not isinstance(takeaways, list) or not all(isinstance(t, str) for t in takeaways):
        problems.append(error(path, 2, "takeaways must be a list of sentences",
                              "write each takeaway on its own line starting with '- '"))
        takeaways = []
    if not front.body.strip():
        problems.append(warning(path, front.body_line, "the digest has no summary",
                                "write the summary below the front matter"))
    return Digest(front.body.strip(), takeaways, path)


def load_reports(content_dir: Path, seeds_dir: Path, problems: list[Problem],
                 parsed: dict[Path, list[Section]] | None = None) -> list[Report]:
    """Load every report under ``content/reports``, in slug order; the section files of a
    folder in ``parsed`` (what ingest read and left unchanged) are not read again."""
    parsed = parsed or {}
    reports_dir = content_dir / "reports"
    dirs = sorted(d for d in reports_dir.iterdir() if d.is_dir()) if reports_dir.exists() else []
    for folder in (d for d in dirs if d.is_symlink()):
        problems.append(error(folder, None, "the report folder is a symbolic link",
                              "replace it with the folder itself"))
    unsafe = [name_problem("report folder name", d.name, d) for d in dirs]
    problems += [p for p in unsafe if p is not None]
    reports = [load_report(d, seeds_dir, problems, parsed.get(d)) for d, bad in zip(dirs, unsafe)
               if bad is None and not d.is_symlink()]
    return [r for r in reports if r is not None]


def write_texts(files: dict[Path, str], area: Path) -> None:
    """Write several editors' files inside ``area`` together: every new text goes to a temporary
    file first, and the files are replaced only once all of them were written (an OSError leaves
    none changed)."""
    for path in files:
        ensure_inside(path, area)
    written: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            temporary = path.with_name(f".{path.name}.tifa-tmp")
            temporary.write_text(text, encoding="utf-8")
            written.append((temporary, path))
    except OSError:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in written:
        os.replace(temporary, path)
