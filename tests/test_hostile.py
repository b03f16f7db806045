"""The hostile-input catalogue: what a stranger's pull request may contain, and the promise the
build keeps for each — exit code 1, the exact ``path:line: error`` line with a hint, no traceback,
``site/`` byte-identical, no editor's file changed and nothing written outside the project.

The project (the minimal fixture plus one glossary entry) is built once per module; each case runs
on a copy of it, site included, so a case costs one failing build (a fraction of a second).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import FIXTURES, REPO, copy_project, run_cli
from test_errors import GOOD_ENTRY, replace, write

REPORT = "content/reports/demo-report"
SECTION = f"{REPORT}/01-hui-gu-pian.md"
ENTRY = "content/glossary/gao-zhi-liang-fa-zhan.md"
META = "seeds/demo-report.meta.yaml"
SEED = "seeds/demo-report.zh.txt"
EVIL = "content/reports/evil"
XSS = 'x"><img src=x onerror=alert(1)>'
NAME_HINT = "use lower-case letters a-z, digits and single hyphens"


def seedless_report(root: Path, key: str) -> None:
    """A report folder with metadata but no seed, whose one section has the given key."""
    shutil.copy(root / META, root / "seeds" / "evil.meta.yaml")
    write(root, f"{EVIL}/01-x.md", f"---\nsection: {key}\nsummary: ''\n---\n\n"
          "<!-- ¶ p1 text status=translated -->\n中文。\n\n<!-- en -->\npwned\n")


def entry(root: Path, field_lines: str, name: str = ENTRY) -> None:
    """Replace the test entry's front matter lines after 'zh:' with ``field_lines``."""
    write(root, name, f"---\nzh: 高质量发展\n{field_lines}\n---\nA test definition.\n")


def sources(url: str) -> Callable[[Path], None]:
    return lambda r: entry(r, f"en: high-quality development\nsources:\n- title: A source\n"
                              f"  url: '{url}'")


def meta_field(old: str, new: str) -> Callable[[Path], None]:
    return lambda r: replace(r, META, old, new)


def symlink(rel: str, target: Path | str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target if isinstance(target, str) else root / target)
    return make


@dataclass(frozen=True)
class Case:
    """One hostile input: what it does to the project and the error line it must produce."""

    kind: str
    mutate: Callable[[Path], None]
    expected: str  # the exact error line (a regular expression when it starts with '^')


CATALOGUE: dict[str, Case] = {
    # --- glossary files -----------------------------------------------------------------------
    "glossary: misspelt field": Case("glossary", lambda r: entry(
        r, "en: high-quality development\ncategroy: development"),
        f"{ENTRY}:4: error: unknown field 'categroy' (did you mean 'category'?)"),
    "glossary: en is a list": Case("glossary", lambda r: entry(r, "en: [a, b]"),
        f"{ENTRY}:3: error: 'en' must be text, not a list"),
    "glossary: zh is a mapping": Case("glossary", lambda r: write(
        r, ENTRY, "---\nzh: {a: b}\nen: x\n---\nDef.\n"),
        f"{ENTRY}:2: error: 'zh' must be text, not a mapping"),
    "glossary: pinyin is a list": Case("glossary", lambda r: entry(
        r, "en: high-quality development\npinyin: [gao]"),
        f"{ENTRY}:4: error: 'pinyin' must be text, not a list"),
    "glossary: category is a list": Case("glossary", lambda r: entry(
        r, "en: high-quality development\ncategory: [development]"),
        f"{ENTRY}:4: error: 'category' must be text, not a list"),
    "glossary: en is true": Case("glossary", lambda r: entry(r, "en: yes"),
        f"{ENTRY}:3: error: 'en' must be text, not true/false"),
    "glossary: javascript: source": Case("glossary", sources("javascript:alert(1)"),
        f"{ENTRY}:4: error: address 'javascript:alert(1)' in 'sources' is not allowed"),
    "glossary: entity-encoded javascript: source": Case("glossary", sources(
        "&#106;avascript:alert(1)"),
        f"{ENTRY}:4: error: address '&#106;avascript:alert(1)' in 'sources' is not allowed"),
    "glossary: data: source": Case("glossary", sources("data:text/html,<script>x</script>"),
        f"{ENTRY}:4: error: address 'data:text/html,<script>x</script>' in 'sources' is not "
        "allowed"),
    "glossary: source title is a list": Case("glossary", lambda r: entry(
        r, "en: x\nsources:\n- title: [a]"),
        f"{ENTRY}:4: error: each item of 'sources' needs 'title' (and may have 'url')"),
    "glossary: en_variants text is a mapping": Case("glossary", lambda r: entry(
        r, "en: x\nen_variants:\n- text: {a: 1}"),
        f"{ENTRY}:4: error: each item of 'en_variants' needs 'text' (and may have 'source')"),
    "glossary: a python tag in YAML": Case("glossary", lambda r: entry(
        r, "en: !!python/object/apply:os.system ['touch pwned']"),
        f"{ENTRY}:3: error: malformed YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"),
    "glossary: an alias bomb": Case("glossary", lambda r: entry(
        r, "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nen: &c [*b, *b, *b, *b]"),
        f"{ENTRY}:3: error: unknown field 'a'"),
    "glossary: YAML nested 5000 deep": Case("glossary", lambda r: entry(
        r, "en: " + "[" * 5000 + "]" * 5000),
        f"{ENTRY}:2: error: malformed YAML: nested too deeply"),
    "glossary: related entry is markup": Case("glossary", lambda r: entry(
        r, "en: x\nrelated: ['<script>alert(1)</script>']"),
        f"{ENTRY}:4: error: related entry '<script>alert(1)</script>' does not exist"),
    "glossary: exclude is a number": Case("glossary", lambda r: entry(r, "en: x\nexclude: 5"),
        f"{ENTRY}:4: error: 'exclude' must be a list of strings"),
    "glossary: a symlink to a file outside": Case("glossary", symlink(
        "content/glossary/leak.md", "/etc/hostname"),
        "content/glossary/leak.md: error: the file is a symbolic link"),
    # --- file names ---------------------------------------------------------------------------
    "name: markup in a glossary file name": Case("file names", lambda r: write(
        r, f"content/glossary/{XSS}.md", GOOD_ENTRY.replace("高质量发展", "高质量")),
        f"content/glossary/{XSS}.md: error: the glossary file name '{XSS}.md' is not a "
        "safe name"),
    "name: an upper-case glossary file name": Case("file names", lambda r: write(
        r, "content/glossary/Gao.md", GOOD_ENTRY.replace("高质量发展", "高质量")),
        "content/glossary/Gao.md: error: the glossary file name 'Gao.md' is not a safe name"),
    "name: a glossary entry saved as .MD": Case("file names", lambda r: write(
        r, "content/glossary/gao.MD", GOOD_ENTRY.replace("高质量发展", "高质量")),
        "content/glossary/gao.MD: error: the glossary file name 'gao.MD' does not end in "
        "'.md'"),
    "name: a space in a glossary file name": Case("file names", lambda r: write(
        r, "content/glossary/a b.md", GOOD_ENTRY.replace("高质量发展", "高质量")),
        "content/glossary/a b.md: error: the glossary file name 'a b.md' is not a safe name"),
    "name: a glossary file name of dots": Case("file names", lambda r: write(
        r, "content/glossary/...md", GOOD_ENTRY.replace("高质量发展", "高质量")),
        "content/glossary/...md: error: the glossary file name '...md' is not a safe name"),
    "name: markup in a seed name": Case("file names", lambda r: shutil.copy(
        r / SEED, r / f"seeds/{XSS}.zh.txt"),
        f"seeds/{XSS}.zh.txt: error: the seed file name '{XSS}.zh.txt' is not a safe name"),
    "name: an upper-case seed name": Case("file names", lambda r: shutil.copy(
        r / SEED, r / "seeds/Demo.zh.txt"),
        "seeds/Demo.zh.txt: error: the seed file name 'Demo.zh.txt' is not a safe name"),
    "name: a seed saved as .TXT": Case("file names", lambda r: shutil.copy(
        r / SEED, r / "seeds/other.zh.TXT"),
        "seeds/other.zh.TXT: error: the seed file name 'other.zh.TXT' does not end in "
        "'.zh.txt'"),
    "name: a seed with a language other than zh": Case("file names", lambda r: shutil.copy(
        r / SEED, r / "seeds/demo-report.en.txt"),
        "seeds/demo-report.en.txt: error: the seed file name 'demo-report.en.txt' is not a "
        "safe name"),
    "name: a seed name of 160 letters": Case("file names", lambda r: shutil.copy(
        r / SEED, r / f"seeds/{'a' * 160}.zh.txt"),
        f"seeds/{'a' * 160}.zh.txt: error: the seed file name '{'a' * 160}.zh.txt' is not a "
        "safe name"),
    "name: an upper-case report folder": Case("file names", lambda r: shutil.copytree(
        r / REPORT, r / "content/reports/Demo"),
        "content/reports/Demo: error: the report folder name 'Demo' is not a safe name"),
    "name: markup in a report folder": Case("file names", lambda r: shutil.copytree(
        r / REPORT, r / f"content/reports/{XSS}"),
        f"content/reports/{XSS}: error: the report folder name '{XSS}' is not a safe name"),
    "name: a section file saved as .MD": Case("file names", lambda r: (r / SECTION).rename(
        r / f"{REPORT}/01-hui-gu-pian.MD"),
        f"{REPORT}/01-hui-gu-pian.MD: error: the section file name '01-hui-gu-pian.MD' does "
        "not end in '.md'"),
    "name: a section file name with a space": Case("file names", lambda r: (r / SECTION).rename(
        r / f"{REPORT}/01-hui gu.md"),
        f"{REPORT}/01-hui gu.md: error: the section file name '01-hui gu.md' is not a safe "
        "name"),
    "name: build/ is a symlink out of the project": Case("file names", lambda r: (
        (r.parent / "elsewhere").mkdir(), (r / "build").symlink_to(r.parent / "elsewhere")),
        "build: error: the folder is a symbolic link"),
    # --- section files ------------------------------------------------------------------------
    "section: key climbs to README": Case("section files", lambda r: seedless_report(
        r, "'../../../../README'"),
        f"{EVIL}/01-x.md:2: error: the section key '../../../../README' is not a safe name"),
    "section: key climbs out of the project": Case("section files", lambda r: seedless_report(
        r, "'../../../../../outside'"),
        f"{EVIL}/01-x.md:2: error: the section key '../../../../../outside' is not a safe "
        "name"),
    "section: key aims at a glossary entry": Case("section files", lambda r: seedless_report(
        r, "'../../../../content/glossary/gao-zhi-liang-fa-zhan'"),
        f"{EVIL}/01-x.md:2: error: the section key "
        "'../../../../content/glossary/gao-zhi-liang-fa-zhan' is not a safe name"),
    "section: key aims at a generated page": Case("section files", lambda r: seedless_report(
        r, "'../../glossary/gao-zhi-liang-fa-zhan'"),
        f"{EVIL}/01-x.md:2: error: the section key '../../glossary/gao-zhi-liang-fa-zhan' is "
        "not a safe name"),
    "section: an absolute key": Case("section files", lambda r: seedless_report(r, "/tmp/x"),
        f"{EVIL}/01-x.md:2: error: the section key '/tmp/x' is not a safe name"),
    "section: a key with markup": Case("section files", lambda r: seedless_report(
        r, f"'{XSS}'"), f"{EVIL}/01-x.md:2: error: the section key '{XSS}' is not a safe name"),
    "section: key is a list": Case("section files", lambda r: replace(
        r, SECTION, "section: hui-gu-pian", "section: [hui-gu-pian]"),
        f"{SECTION}:2: error: 'section' must be text, not a list"),
    "section: summary is a list": Case("section files", lambda r: replace(
        r, SECTION, "summary: ''", "summary: [a, b]"),
        f"{SECTION}:3: error: 'summary' must be text, not a list"),
    "section: misspelt summary": Case("section files", lambda r: replace(
        r, SECTION, "summary: ''", "sumary: My summary."),
        f"{SECTION}:3: error: unknown field 'sumary' (did you mean 'summary'?)"),
    "section: a key used twice": Case("section files", lambda r: replace(
        r, f"{REPORT}/02-zhan-wang-pian.md", "section: zhan-wang-pian", "section: hui-gu-pian"),
        f"{REPORT}/02-zhan-wang-pian.md:2: error: the section key 'hui-gu-pian' is also used "
        "by 01-hui-gu-pian.md"),
    "section: markup in a paragraph ID": Case("section files", lambda r: replace(
        r, SECTION, "<!-- ¶ p4 ", '<!-- ¶ p4"onmouseover=alert(1) '),
        f"{SECTION}:11: error: invalid paragraph ID 'p4\"onmouseover=alert(1)'"),
    "section: a symlink to README": Case("section files", lambda r: (
        (r / SECTION).unlink(), (r / SECTION).symlink_to(r / "README.md")),
        f"{SECTION}: error: the file is a symbolic link"),
    "section: a symlink to a glossary entry": Case("section files", lambda r: (
        (r / SECTION).unlink(), (r / SECTION).symlink_to(r / ENTRY)),
        f"{SECTION}: error: the file is a symbolic link"),
    "section: an unknown digest field": Case("section files", lambda r: write(
        r, f"{REPORT}/digest.md", "---\ntakeaway: [a]\n---\nSummary.\n"),
        f"{REPORT}/digest.md:2: error: unknown field 'takeaway' (did you mean 'takeaways'?)"),
    "section: a summary the seed no longer has a place for": Case("section files", lambda r: (
        replace(r, f"{REPORT}/02-zhan-wang-pian.md", "summary: ''", "summary: Looking ahead."),
        replace(r, SEED, "展望篇\n", "")),
        f"{REPORT}/02-zhan-wang-pian.md:3: error: section 'zhan-wang-pian' is no longer in the "
        "seed and its summary would be lost"),
    # --- seeds --------------------------------------------------------------------------------
    "seed: x.txt beside x.zh.txt": Case("seeds", lambda r: shutil.copy(
        r / SEED, r / "seeds/demo-report.txt"),
        "seeds/demo-report.txt: error: a second seed for report 'demo-report' (also "
        "demo-report.zh.txt)"),
    "seed: a symlink to a file outside": Case("seeds", symlink(
        SEED, "/etc/hostname"), f"{SEED}: error: the file is a symbolic link"),
    "seed: NUL bytes": Case("seeds", lambda r: write(r, SEED, "中文\x00\x00。\n"),
        f"{SEED}: error: the seed is in an unknown encoding"),
    "seed: only Latin text": Case("seeds", lambda r: write(r, SEED, "<script>x</script>\n"),
        f"{SEED}: error: the seed has no Chinese text"),
    "seed: Latin-1 bytes": Case("seeds", lambda r: write(
        r, SEED, "Ünïcödé".encode("latin-1") * 20),
        f"{SEED}: error: the seed is in an unknown encoding"),
    # --- metadata -----------------------------------------------------------------------------
    "meta: javascript: source_url": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "source_url: 'javascript:alert(1)'\n"),
        f"{META}:6: error: address 'javascript:alert(1)' in 'source_url' is not allowed"),
    "meta: mixed-case javascript: with spaces": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "source_url: ' JaVaScRiPt:alert(1)'\n"),
        f"{META}:6: error: address ' JaVaScRiPt:alert(1)' in 'source_url' is not allowed"),
    "meta: data: source_url": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "source_url: 'data:text/html,x'\n"),
        f"{META}:6: error: address 'data:text/html,x' in 'source_url' is not allowed"),
    "meta: source_url is a list": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "source_url: [a]\n"),
        f"{META}:6: error: 'source_url' must be text, not a list"),
    "meta: title_en is a list": Case("metadata", meta_field(
        "title_en: First Plenary Session of the Demo County Committee",
        "title_en: [First, Second]"),
        f"{META}:2: error: 'title_en' must be text, not a list"),
    "meta: title_zh is a mapping": Case("metadata", meta_field(
        "title_zh: 示范县委第一次全体会议", "title_zh: {a: 1}"),
        f"{META}:1: error: 'title_zh' must be text, not a mapping"),
    "meta: 30 February": Case("metadata", meta_field('date: "2024-01-03"', "date: 2023-02-30"),
        f"{META}:5: error: 'date' 2023-02-30 is not a real date"),
    "meta: month 13": Case("metadata", meta_field('date: "2024-01-03"', 'date: "2023-13-01"'),
        f"{META}:5: error: 'date' 2023-13-01 is not a real date"),
    "meta: a date in words": Case("metadata", meta_field('date: "2024-01-03"', "date: yesterday"),
        f"{META}:5: error: 'date' yesterday is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    "meta: date is a list": Case("metadata", meta_field('date: "2024-01-03"', "date: [2023]"),
        f"{META}:5: error: 'date' must be text, not a list"),
    "meta: misspelt field": Case("metadata", meta_field("issuer_en:", "isuer_en:"),
        f"{META}:4: error: unknown field 'isuer_en' (did you mean 'issuer_en'?)"),
    "meta: a python tag": Case("metadata", meta_field(
        'date: "2024-01-03"', "date: !!python/object/apply:os.system ['touch pwned']"),
        f"{META}:5: error: malformed YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"),
    "meta: date_note is a list": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "date_note: [a]\n"),
        f"{META}:6: error: 'date_note' must be text, not a list"),
    "meta: split is text": Case("metadata", lambda r: write(
        r, META, (r / META).read_text("utf-8") + "split: lines\n"),
        f"{META}:6: error: 'split' must be a set of 'field: value' lines"),
}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (symlinks as their target's name), except the build folder."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if rel.split(os.sep)[0] == "build" or "/build/" in f"/{rel}":
            continue
        if path.is_symlink():
            out[rel] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project", FIXTURES / "minimal",
                        ("seeds",))
    write(root, ENTRY, GOOD_ENTRY)
    write(root, "README.md", "The project's own README.\n")
    assert run_cli(root) == 0
    return root


@pytest.fixture()
def project(built, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True, ignore=shutil.ignore_patterns("build"))
    (tmp_path / "outside.txt").write_text("outside the project\n", encoding="utf-8")
    return root


def check_promise(err: str, expected: str) -> None:
    """The error line is there, exactly, followed by a hint; no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    if expected.startswith("^"):
        found = [i for i, line in enumerate(lines) if re.fullmatch(expected, line)]
    else:
        found = [i for i, line in enumerate(lines) if line == expected]
    assert found, f"expected line:\n{expected}\ngot:\n{err}"
    assert lines[found[0] + 1].startswith("    hint: "), err


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_hostile_input_is_refused_and_nothing_is_touched(project, capsys, name):
    case = CATALOGUE[name]
    case.mutate(project)
    before = tree(project.parent)
    capsys.readouterr()
    code = run_cli(project)
    captured = capsys.readouterr()
    assert code == 1, captured.err
    check_promise(captured.err, case.expected)
    assert "site/ was not changed" in captured.err
    assert tree(project.parent) == before


def test_the_catalogue_covers_every_class_with_fifty_cases_in_all():
    kinds = [c.kind for c in CATALOGUE.values()]
    assert len(kinds) + len(PROCESS_CASES) >= 50
    assert set(kinds) == {"glossary", "file names", "section files", "seeds", "metadata"}


# --- processes ----------------------------------------------------------------------------------

HOLD_LOCK = """
import fcntl, os, sys, time
path = sys.argv[1]
os.makedirs(os.path.dirname(path), exist_ok=True)
handle = open(path, "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.seek(0); handle.truncate(); handle.write(str(os.getpid())); handle.flush()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture()
def locked(project):
    """Another process holding the project's build lock."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(project / "build/.lock")],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    yield holder
    holder.kill()
    holder.wait()


PROCESS_CASES = ["a second build", "a second ingest", "a stale lock from a dead process",
                 "a lock file of garbage", "serve on a busy port", "two builds at once",
                 "a build killed half-way"]


@pytest.mark.parametrize("command", ["build", "ingest"])
def test_a_second_build_stops_with_a_clear_message(project, locked, capsys, command):
    before = tree(project.parent)
    capsys.readouterr()
    assert run_cli(project, command) == 1
    err = capsys.readouterr().err
    check_promise(err, rf"^build/\.lock: error: another build is running in this project "
                       rf"\(process {locked.pid}\)")
    assert tree(project.parent) == before


@pytest.mark.parametrize("content", ["999999999", "not a process id\n"])
def test_a_stale_or_garbled_lock_does_not_stop_the_build(project, capsys, content):
    write(project, "build/.lock", content)
    assert run_cli(project) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_serve_on_a_busy_port_names_the_port_and_how_to_choose_another(project, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        capsys.readouterr()
        assert run_cli(project, "serve", "--port", str(port)) == 1
    err = capsys.readouterr().err
    check_promise(err, f"serve: error: port {port} on 127.0.0.1 is already in use (another "
                       "serve, or another program, is listening there)")
    assert f"--port {port + 1}" in err


def test_two_builds_at_once_never_mix_interfaces_or_crash(project):
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "--quiet"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO)
            for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for code, err in results:
        assert "Traceback" not in err, err
        assert code == 0 or "another build is running in this project" in err, err
    assert 0 in [code for code, _ in results]
    zh = (project / "site/zh/index.html").read_text(encoding="utf-8")
    assert ">文件<" in zh and ">Reports<" not in zh


def test_a_build_killed_half_way_leaves_nothing_that_stops_the_next(project, capsys):
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "--quiet"]
    killed = subprocess.Popen(command, stderr=subprocess.DEVNULL, cwd=REPO)
    deadline = time.monotonic() + 30
    while not (project / "build" / "pages-en").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    killed.kill()
    killed.wait()
    assert (project / "build" / ".lock").exists()
    assert run_cli(project) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (project / "site" / "zh" / "index.html").exists()
