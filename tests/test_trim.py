"""Trimming a seed to the report (split.start / split.end / split.drop) and the warnings for
boilerplate left at its ends; fixtures written for tifa after shapes found in real web copies."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import FIXTURES, copy_project, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.ingest import ingest_seed
from tifa.split import SplitRules
from tifa.store import load_sections
from tifa.trim import trim

SHAPES = FIXTURES / "shapes"
SEED, META = Path("seeds/x.zh.txt"), Path("seeds/x.meta.yaml")


def warnings_for(name: str, **split) -> list[tuple[int | None, str]]:
    text = (SHAPES / name).read_text(encoding="utf-8")
    _, problems = trim(text, SplitRules.from_meta(split), SEED, META)
    return [(p.line, p.message) for p in problems if p.level == "warning"]


def test_a_licence_at_the_end_is_named_with_its_line():
    [(line, message)] = warnings_for("library-copy.txt")
    assert line == 6
    assert "'本作品是国家机关的正式文件，在全世界都属于公有领域。' and 1 more" in message


def test_credits_and_web_chrome_are_named_at_either_end():
    assert [line for line, _ in warnings_for("speech.txt")] == [16]  # （示范社…电）, then the paper
    assert [line for line, _ in warnings_for("web-work-report.txt")] == [1, 36]  # 下载 … 相关报道：
    assert [line for line, _ in warnings_for("pdf-page.txt")] == [1, 10]  # Page 3 - …, page number


def test_no_warning_once_the_rules_leave_the_boilerplate_out():
    assert warnings_for("speech.txt", end="^（示范社") == []
    assert warnings_for("library-copy.txt", end="公有领域") == []
    assert warnings_for("web-work-report.txt", start="政府工作报告$", end="^相关报道",
                        drop="^(来源|时间)：|本报记者") == []
    for name in ("congress-blocks.txt", "communique.txt", "plan-1950s.txt", "work-report.txt"):
        if name != "plan-1950s.txt":
            assert warnings_for(name) == [], name


def test_the_seed_report_has_no_boilerplate():
    seed = Path(__file__).parent.parent / "seeds" / "2023-chaoyang-plenary.zh.txt"
    _, problems = trim(seed.read_text(encoding="utf-8"), SplitRules(), seed, META)
    assert problems == []


def test_start_end_and_drop_keep_the_lines_between_and_the_seed_stays_as_received(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    seed = root / "seeds" / "demo-report.zh.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    seed.write_text("\n".join(["下载", "打印", *lines, "责任编辑：王某", "相关报道："]),
                    encoding="utf-8")
    meta = root / "seeds" / "demo-report.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "split:\n  start: '^3日'\n"
                    "  end: '^相关报道'\n  drop: '^责任编辑'\n", encoding="utf-8")
    before = hashlib.sha256(seed.read_bytes()).hexdigest()
    result = ingest_seed(seed, root / "content" / "reports")
    assert result.problems == []
    sections = load_sections(root / "content" / "reports" / "demo-report", [])
    got = [p.zh for s in sections for p in s.paragraphs]
    assert got[0].startswith("3日,") and got == [x.strip() for x in lines if x.strip()]
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == before


def test_a_build_names_the_boilerplate_and_strict_stops(tmp_path, capsys):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    seed = root / "seeds" / "demo-report.zh.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n本文来源：示范日报\n", encoding="utf-8")
    last = len(seed.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert run_cli(root, "ingest") == 0
    err = capsys.readouterr().err
    assert f"seeds/demo-report.zh.txt:{last}: warning: the seed's last lines look like" in err
    assert "hint: if they are not part of the report, leave them out with split.end or " \
           "split.drop in demo-report.meta.yaml" in err
    assert run_cli(root, "--strict") == 1


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_without_rules_the_text_is_kept_whole(text):
    kept, problems = trim(text, SplitRules(), SEED, META)
    assert kept == text and all(p.level == "warning" for p in problems)


def test_split_end_cuts_a_credit_run_together_with_the_report_on_one_line():
    # the whole report is one line, its paragraphs opened by 　　; the credit is the last of them
    assert warnings_for("run-together-work-report.txt")
    assert warnings_for("run-together-work-report.txt", end="^《 示范日报") == []
    text, _ = trim((SHAPES / "run-together-work-report.txt").read_text(encoding="utf-8"),
                   SplitRules.from_meta({"end": "^《 示范日报"}), SEED, META)
    assert "示范日报" not in text and text.rstrip().endswith("研发经费投入增长8%以上。")


def test_without_rules_a_run_together_line_is_kept_as_received():
    text = "各位代表：\u3000\u3000现在报告工作。\u3000\u3000一、回顾"
    assert trim(text, SplitRules(), SEED, META)[0] == text
