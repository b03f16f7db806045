"""The glossary: one Markdown file per entry (YAML front matter + body), loaded and validated.

Body layout: the first paragraph is the short definition shown in gloss cards; what follows is the
longer explanation; a ``## 释义`` heading starts the Chinese explanation. The body says what the
term means in any report; what it refers to in one report goes into ``notes:``, keyed by the
report's slug (a string, or ``en:`` and ``zh:``), and is shown only with that report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypinyin import Style, pinyin

from .errors import Problem, error, warning
from .guard import file_stem
from .model import GlossaryEntry, Note, Rendering, Source, strip_tones
from .store import (
    check_fields,
    field_line,
    parse_front_matter,
    read_text,
    text_field,
    url_field,
    where,
)

CATEGORIES = ("ideology", "party", "development", "society", "campaign", "body", "local")
SCOPES = ("national", "provincial", "municipal", "district")
FIELDS = {"zh", "variants", "pinyin", "en", "en_variants", "category", "scope", "related",
          "sources", "exclude", "notes"}
ZH_HEADING = re.compile(r"^##\s*释义\s*$", re.M)


def pinyin_of(zh: str) -> str:
    """Tone-marked pinyin of a Chinese string, syllables separated by spaces."""
    return " ".join(s[0] for s in pinyin(_han_only(zh), style=Style.TONE) if s[0].strip())


def _han_only(text: str) -> str:
    return "".join(c if "\u3400" <= c <= "\u9fff" or c.isascii() and c.isalnum() else " "
                   for c in text)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_tones(text).lower().replace("v", "u"))


def pinyin_matches(zh: str, given: str) -> bool:
    """Whether tone-stripped ``given`` spells the readings of ``zh`` (any heteronym counts)."""
    readings = pinyin(_han_only(zh), style=Style.NORMAL, heteronym=True)
    target = _letters(given)
    options = {""}
    for syllables in readings:
        options = {o + _letters(s) for o in options for s in syllables}
        if len(options) > 512:  # keep it bounded on long strings: drop hopeless prefixes
            options = {o for o in options if target.startswith(o)}
    return target in options


def slug_for(zh: str) -> str:
    """The file slug of a term: toneless pinyin joined by hyphens, ASCII only."""
    parts = [strip_tones(s[0]).lower() for s in pinyin(_han_only(zh), style=Style.NORMAL)]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts)).strip("-") or "term"


def split_body(body: str) -> tuple[str, str, str]:
    """Split an entry body into (short definition, explanation, Chinese explanation)."""
    match = ZH_HEADING.search(body)
    english, chinese = (body[:match.start()], body[match.end():]) if match else (body, "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", english.strip()) if p.strip()]
    definition = paragraphs[0] if paragraphs else ""
    return definition, "\n\n".join(paragraphs[1:]), chinese.strip()


def _str_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


class _EntryReader:
    """Reads one entry file, collecting its problems."""

    def __init__(self, path: Path, text: str, problems: list[Problem]) -> None:
        self.path, self.text, self.problems = path, text, problems

    def fail(self, key: str, message: str, hint: str, level: str = "error") -> None:
        make = error if level == "error" else warning
        self.problems.append(make(self.path, field_line(self.text, key) or 1, message, hint))

    def read(self) -> GlossaryEntry | None:
        front = parse_front_matter(self.path, self.text, self.problems)
        if front is None:
            return None
        data, before = front.data, len(self.problems)
        check_fields(self.path, self.text, data, FIELDS, self.problems, 2)
        zh, en, given, category, scope = (self._text(data, k) for k in (
            "zh", "en", "pinyin", "category", "scope"))
        if not zh and zh is not None:
            self.fail("zh", "missing field 'zh'", "add 'zh: <the term as written>'")
        if not en and en is not None:
            self.fail("en", "missing field 'en'", "add 'en: <the rendering our translation uses>'")
        lists = {k: self._list(data, k) for k in ("variants", "related", "exclude")}
        if zh and given and not pinyin_matches(zh, given):
            self.fail("pinyin", f"pinyin '{given}' does not match {zh} "
                      f"(expected something like '{pinyin_of(zh)}')",
                      "correct the pinyin, or delete the field to have it filled in")
        category = category or "ideology"
        if category not in CATEGORIES:
            self.fail("category", f"unknown category '{category}'",
                      f"use one of: {', '.join(CATEGORIES)}")
        scope = scope or "national"
        if scope not in SCOPES:
            self.fail("scope", f"unknown scope '{scope}'", f"use one of: {', '.join(SCOPES)}")
        definition, explanation, explanation_zh = split_body(front.body)
        if not definition:
            self.problems.append(error(self.path, front.body_line, "the entry has no definition",
                                       "write one or two sentences below the front matter"))
        sources = self._records(data, "sources", ("title", "url"), Source)
        for url in (s.url for s in sources if s.url):
            url_field(self.path, self.text, "sources", url, self.problems)
        en_variants = self._records(data, "en_variants", ("text", "source"), Rendering)
        notes = self._notes(data.get("notes"))
        if len(self.problems) > before or not zh or not en:
            return None
        return GlossaryEntry(slug=self.path.stem, zh=zh, en=en, pinyin=given or pinyin_of(zh),
                             definition=definition, explanation=explanation,
                             explanation_zh=explanation_zh, category=category, scope=scope,
                             sources=sources, en_variants=en_variants, notes=notes,
                             path=self.path, line=1, **lists)

    def _text(self, data: dict, key: str) -> str | None:
        value = text_field(self.path, self.text, data, key, self.problems, 2)
        return value.strip() if value is not None else None

    def _list(self, data: dict, key: str) -> list[str]:
        value = _str_list(data.get(key))
        if value is None:
            self.fail(key, f"'{key}' must be a list of strings", f"write {key}: [a, b]")
            return []
        return value

    def _notes(self, value: Any) -> list[Note]:
        """``notes:`` maps report slugs to a text, or to ``en:`` and ``zh:`` texts."""
        if value is None:
            return []
        hint = "write notes: then, indented, '<report-slug>: what the term refers to there'"
        if not isinstance(value, dict):
            self.fail("notes", "'notes' must map report slugs to texts", hint)
            return []
        notes = []
        for report, text in value.items():
            line = where(self.text, "notes", str(report))
            texts = {"en": text} if isinstance(text, str) else text
            if not isinstance(texts, dict) or set(texts) - {"en", "zh"} \
                    or not all(isinstance(t, str) and t.strip() for t in texts.values()) \
                    or not str(texts.get("en") or "").strip():
                self.problems.append(error(self.path, line, f"the note for '{report}' must be a "
                                           "text, or 'en:' (and 'zh:') texts", hint))
                continue
            notes.append(Note(str(report), texts["en"].strip(),
                              str(texts.get("zh") or "").strip(), line))
        return notes

    def _records(self, data: dict, key: str, names: tuple[str, str], kind: type) -> list:
        value = data.get(key) or []
        out = []
        for item in value if isinstance(value, list) else [None]:
            if isinstance(item, dict) and set(item) <= set(names) \
                    and all(isinstance(item.get(n), (str, type(None))) for n in names) \
                    and (item.get(names[0]) or "").strip():
                out.append(kind(*(str(item.get(n) or "").strip() for n in names)))
            else:
                self.fail(key, f"each item of '{key}' needs '{names[0]}' (and may have "
                          f"'{names[1]}')", f"write '- {names[0]}: …' then '  {names[1]}: …'")
        return out


def load_entry(path: Path, problems: list[Problem]) -> GlossaryEntry | None:
    """Read and validate one glossary entry file."""
    text = read_text(path, problems)
    return _EntryReader(path, text, problems).read() if text is not None else None


def _line(entry: GlossaryEntry, key: str) -> int:
    """Where a field of an entry stands (read again only to report a problem)."""
    return field_line(entry.path.read_text(encoding="utf-8"), key) or 1


def load_glossary(folder: Path, problems: list[Problem]) -> list[GlossaryEntry]:
    """Load every entry in ``folder`` and check them against each other."""
    found = sorted(p for p in folder.iterdir() if p.name.lower().endswith(".md")) \
        if folder.is_dir() else []
    paths = [p for p in found if file_stem(p, ".md", "glossary file name", problems)]
    entries = [e for e in (load_entry(p, problems) for p in paths) if e is not None]
    owner: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for form in entry.forms:
            if form in owner:
                key = "zh" if form == entry.zh else "variants"
                problems.append(error(entry.path, _line(entry, key),
                                      f"the term '{form}' is also in {owner[form].path.name}",
                                      "keep each term and variant in one entry only"))
            owner.setdefault(form, entry)
    for entry in entries:
        for name in (n for n in entry.related if n not in owner):
            problems.append(error(entry.path, _line(entry, "related"),
                                  f"related entry '{name}' does not exist",
                                  "give the zh of an existing entry, or create it"))
    return sorted(entries, key=lambda e: (e.pinyin_plain, e.zh))


def new_entry_text(zh: str) -> str:
    """The text of a fresh entry file for ``zh``, pinyin filled in, ready for an editor."""
    return f"""---
zh: {zh}
variants: []
pinyin: {pinyin_of(zh)}
en:
en_variants: []
category: ideology   # {", ".join(CATEGORIES)}
scope: national      # {", ".join(SCOPES)}
related: []
sources: []
exclude: []
---
One or two sentences: the short definition shown in the gloss card.

A longer explanation: what it means, where it comes from, how the report uses it.

## 释义

中文释义。
"""
