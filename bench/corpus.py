"""Make a synthetic corpus of N reports from the seed, varied so that no two are identical.

Each report gets its own district name, shifted figures and a rotated order of its middle
chapters; the reports of one district form a yearly series (2000, 2001, …); its English is the
seed's, with the same name and figure changes, so that pages weigh what real translated pages
weigh. The glossary is the project's own.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from tifa.ingest import ingest_seed
from tifa.store import format_section, load_sections

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2023-chaoyang-plenary.zh.txt"
SLUG = "2023-chaoyang-plenary"
DISTRICTS = [("朝阳", "Chaoyang"), ("南关", "Nanguan"), ("宽城", "Kuancheng"), ("二道", "Erdao"),
             ("绿园", "Lvyuan"), ("双阳", "Shuangyang"), ("九台", "Jiutai"), ("铁西", "Tiexi"),
             ("铁东", "Tiedong"), ("龙山", "Longshan"), ("西安", "Xi'an"), ("东丰", "Dongfeng")]


def _vary_numbers(text: str, rng: random.Random, table: dict[str, str]) -> str:
    def swap(match: re.Match) -> str:
        old = match.group(0)
        if old not in table:
            digits = "".join(str(rng.randint(1, 9)) if c.isdigit() else c for c in old)
            table[old] = digits
        return table[old]
    return re.sub(r"\d+(?:\.\d+)?", swap, text)


def _english_by_line() -> list[str]:
    sections = load_sections(REPO / "content" / "reports" / SLUG, [])
    return [p.en for s in sections for p in s.paragraphs]


def make_corpus(root: Path, count: int, seed: int = 7) -> Path:
    """Write a project with ``count`` reports into ``root``; return ``root``."""
    if root.exists():
        shutil.rmtree(root)
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "glossary", root / "content" / "glossary")
    _rekey_notes(root / "content" / "glossary", f"r0000-{DISTRICTS[0][1].lower()}")
    lines = [x for x in SEED.read_text(encoding="utf-8").split("\n") if x.strip()]
    english = _english_by_line()
    meta = (REPO / "seeds" / f"{SLUG}.meta.yaml").read_text(encoding="utf-8")
    for number in range(count):
        rng = random.Random(seed * 100_003 + number)
        zh_name, en_name = DISTRICTS[number % len(DISTRICTS)]
        table: dict[str, str] = {}
        zh = [_vary_numbers(x.replace("朝阳", zh_name), rng, table) for x in lines]
        en = [_vary_numbers(x.replace("Chaoyang", en_name), random.Random(0), dict(table))
              for x in english]
        slug = f"r{number:04d}-{en_name.lower().replace(chr(39), '')}"
        seed_path = root / "seeds" / f"{slug}.zh.txt"
        seed_path.write_text("\n".join(zh) + f"\n第{number + 1}号样本报告。", encoding="utf-8")
        year = 2000 + number // len(DISTRICTS)  # each district's reports form a yearly series
        (root / "seeds" / f"{slug}.meta.yaml").write_text(
            meta.replace("Fifth Plenary Session", f"Sample report {number + 1} — Fifth Plenary "
                         "Session").replace("朝阳", zh_name).replace("Chaoyang", en_name)
            .replace('date: "2023-08-02"', f'date: "{year}-08-02"'), encoding="utf-8")
        ingest_seed(seed_path, root / "content" / "reports")
        _fill_english(root / "content" / "reports" / slug, en)
    return root


def _rekey_notes(glossary: Path, slug: str) -> None:
    """The glossary's notes on the seed are about the corpus's first report (same district)."""
    for path in glossary.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"\n  {SLUG}:" in text:
            path.write_text(text.replace(f"\n  {SLUG}:", f"\n  {slug}:"), encoding="utf-8")


def _fill_english(report_dir: Path, english: list[str]) -> None:
    for section in load_sections(report_dir, []):
        for p in section.paragraphs:
            index = int(p.pid[1:]) - 1
            if index < len(english):
                p.en, p.status = english[index], "translated"
        section.path.write_text(format_section(section), encoding="utf-8")
