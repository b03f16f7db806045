"""Translation memory: sentence pairs aligned inside every translated paragraph, the best exact
and fuzzy matches for the sentences of untranslated ones, and pretranslation from them.

Alignment is Gale–Church (sentence lengths in characters, from nltk) within one paragraph, whose
own length ratio sets the expected English length of a Chinese character. Matching compares
NFKC-normalised Chinese (so ``，`` and ``,`` are the same) with rapidfuzz's ratio (0–100).
A draft filled from memory names its sources in the paragraph's header line
(``tm=report#p12@100``): the report, the paragraph and the match score of each sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .model import Paragraph, Report

_ZH_SENTENCE = re.compile(r".*?[。！？!?]+[”’」』）)]*|.+$", re.S)
_EN_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*(?:\*\*)?\s+(?=[\"“‘(*]*[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "No.", "Nos.", "Mr.", "Ms.", "Dr.", "St.", "vs.", "etc.",
                  "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_VARIANCE = 6.8  # nltk's variance per character for equal-length languages, scaled by the ratio
# A long Chinese sentence joined by commas often becomes two to four English ones, so beads of one
# Chinese sentence to three or four English sentences are allowed besides nltk's usual ones.
_MORE_PRIORS = {(1, 3): 0.02, (1, 4): 0.005}


def zh_sentences(text: str) -> list[str]:
    """A Chinese paragraph cut after each 。！？ (closing quotes stay with their sentence);
    joined back, the pieces are the text itself."""
    return [m.group() for m in _ZH_SENTENCE.finditer(text) if m.group()]


def en_sentences(text: str) -> list[str]:
    """An English paragraph cut after . ! ? before a capital or a digit (a bold lead's ``**``
    stays with its sentence; common abbreviations do not end a sentence)."""
    pieces, start = [], 0
    for m in _EN_BREAK.finditer(text):
        if text[start:m.start()].endswith(_ABBREVIATIONS):
            continue
        pieces.append(text[start:m.start() + len(m.group().rstrip())])
        start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def align(zh: list[str], en: list[str]) -> list[tuple[str, str]] | None:
    """Gale–Church alignment of one paragraph's sentences into (Chinese, English) beads.

    Returns None when a sentence on either side would be left without a partner (a 1–0 bead):
    such a paragraph is only kept whole."""
    if len(zh) <= 1 or len(en) <= 1:
        return [("".join(zh), " ".join(en))]
    # imported here: nltk takes 0.15 s to import and only the TMX and the translators'
    # commands align, so a rebuild whose TMX is cached does without it
    from nltk.translate.gale_church import LanguageIndependent, align_blocks

    ratio = sum(map(len, en)) / max(1, sum(map(len, zh)))

    class Params(LanguageIndependent):
        AVERAGE_CHARACTERS = ratio
        VARIANCE_CHARACTERS = _VARIANCE * ratio
        PRIORS = {**LanguageIndependent.PRIORS, **_MORE_PRIORS}

    links = align_blocks([len(s) for s in zh], [len(s) for s in en], Params)
    if {i for i, _ in links} != set(range(len(zh))) or {j for _, j in links} != set(range(len(en))):
        return None
    beads: list[tuple[set[int], set[int]]] = []
    for i, j in links:
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            beads[-1][0].add(i)
            beads[-1][1].add(j)
        else:
            beads.append(({i}, {j}))
    return [("".join(zh[i] for i in sorted(a)), " ".join(en[j] for j in sorted(b)))
            for a, b in beads]


def plain_en(text: str) -> str:
    """English of a memory unit: the bold markers of a lead removed (a draft re-bolds its own)."""
    return text.replace("**", "").strip()


def bold_first(en: str) -> str:
    """English with its first sentence in bold, as a lead paragraph's is written."""
    first = en_sentences(en)
    return " ".join([f"**{first[0]}**", *first[1:]]) if first else en


def key(zh: str) -> str:
    """The form in which Chinese is compared: NFKC (full-width punctuation as ASCII), no spaces."""
    return "".join(unicodedata.normalize("NFKC", zh).split())


@dataclass(frozen=True)
class Unit:
    """One pair in memory: a whole translated paragraph (sentence 0) or one aligned bead."""

    zh: str
    en: str
    report: str
    pid: str
    sentence: int = 0

    @property
    def where(self) -> str:
        """report#pid, and .N for the N-th aligned sentence pair of that paragraph."""
        return f"{self.report}#{self.pid}" + (f".{self.sentence}" if self.sentence else "")


@dataclass(frozen=True)
class Match:
    """The best unit found for a sentence, and its score (100: the same Chinese)."""

    zh: str
    unit: Unit
    score: int

    @property
    def exact(self) -> bool:
        """Whether the memory holds this very sentence."""
        return self.score == 100

    @property
    def ref(self) -> str:
        """Where the English comes from, as written in a header line: report#pid@score."""
        return f"{self.unit.report}#{self.unit.pid}@{self.score}"


def paragraph_units(report: str, p: Paragraph) -> list[Unit]:
    """The memory units of one translated paragraph: the whole and, when the sentences align
    with no sentence left over, each bead."""
    if p.status != "translated" or not p.en.strip():
        return []
    whole = Unit(p.zh, p.en.strip(), report, p.pid)
    beads = align(zh_sentences(p.zh), en_sentences(p.en.strip())) or []
    if len(beads) < 2:
        return [whole]
    return [whole] + [Unit(zh, en, report, p.pid, k) for k, (zh, en) in enumerate(beads, 1)]


@dataclass
class Memory:
    """Every unit of the translated paragraphs of some reports, indexed for lookup."""

    units: list[Unit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._exact: dict[str, Unit] = {}
        for unit in self.units:
            self._exact.setdefault(key(unit.zh), unit)
        self._keys = list(self._exact)

    @classmethod
    def of(cls, reports: list[Report]) -> Memory:
        """The memory of every translated paragraph of ``reports``."""
        return cls([u for r in reports for p in r.paragraphs for u in paragraph_units(r.slug, p)])

    def best(self, zh: str, cutoff: int = 100) -> Match | None:
        """The best unit for a sentence scoring at least ``cutoff``, or None."""
        found = self._exact.get(key(zh))
        if found is not None:
            return Match(zh, found, 100)
        if cutoff >= 100 or not self._keys:
            return None
        hit = process.extractOne(key(zh), self._keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        return Match(zh, self._exact[hit[0]], min(99, int(hit[1])))


def untranslated(p: Paragraph) -> bool:
    """A paragraph with no English at all (neither translated nor drafted)."""
    return p.status != "removed" and not p.en.strip()


def sentence_matches(memory: Memory, p: Paragraph, cutoff: int) -> list[Match | None]:
    """The best match of each sentence of a paragraph (None where nothing reaches ``cutoff``)."""
    return [memory.best(s, cutoff) for s in zh_sentences(p.zh)]


def draft(memory: Memory, p: Paragraph, cutoff: int = 100) -> tuple[str, str] | None:
    """English and origin for an untranslated paragraph when memory covers all of it: the whole
    paragraph, or every sentence at ``cutoff`` or better. None when anything is missing."""
    whole = memory.best(p.zh)
    matches = [whole] if whole is not None else sentence_matches(memory, p, cutoff)
    if not matches or any(m is None for m in matches):
        return None
    sentences = [plain_en(m.unit.en) for m in matches]
    if p.lead and p.kind == "text":
        sentences[0] = bold_first(sentences[0])
    return " ".join(sentences), ",".join(m.ref for m in matches)


@dataclass
class Progress:
    """How far a report's translation is: paragraphs translated, drafted from memory, empty."""

    translated: int = 0
    from_memory: int = 0
    untranslated: int = 0


def progress(report: Report) -> Progress:
    """Count a report's visible paragraphs by how far their English is."""
    out = Progress()
    for p in (p for s in report.sections for p in s.visible):
        out.translated += p.status == "translated"
        out.from_memory += p.status != "translated" and bool(p.origin) and bool(p.en.strip())
        out.untranslated += untranslated(p)
    return out


def origin_refs(origin: str) -> list[tuple[str, str, int]]:
    """The (report, paragraph, score) triples of a ``tm=`` origin, in sentence order."""
    out = []
    for ref in origin.split(","):
        source, _, score = ref.rpartition("@")
        report, _, pid = source.partition("#")
        out.append((report, pid, int(score)))
    return out
