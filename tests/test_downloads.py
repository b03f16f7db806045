"""Each report's downloads (Markdown, JSON, CSV, the seed), the Atom feed, and the correction
links, checked on the built project and on planted inputs."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO, SEED, SITE_URL, TEST_REPOSITORY, copy_project, run_cli
from lxml import etree

from tifa import downloads
from tifa.corrections import Repository, load_repository
from tifa.errors import Problem
from tifa.i18n import Interface
from tifa.model import Paragraph, Report, ReportMeta, Section
from tifa.render import href
from tifa.store import load_reports

SLUG = "2023-chaoyang-plenary"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _report() -> Report:
    problems: list[Problem] = []
    report = next(r for r in load_reports(REPO / "content", REPO / "seeds", problems)
                  if r.slug == SLUG)
    return report


def _visible(report: Report) -> list[Paragraph]:
    return [p for s in report.sections for p in s.visible]


def _unzipped(archive: Path) -> bytes:
    """The one file of a download's archive, checked to be named as the archive without
    ``.zip`` and stored the same way every time (fixed date and permissions, DEFLATE)."""
    with zipfile.ZipFile(archive) as opened:
        (entry,) = opened.infolist()
        assert entry.filename == archive.name.removesuffix(".zip")
        assert entry.date_time == (1980, 1, 1, 0, 0, 0) and entry.external_attr >> 16 == 0o100644
        assert entry.compress_type == zipfile.ZIP_DEFLATED
        return opened.read(entry)


def _download(site: Path, name: str) -> bytes:
    return _unzipped(site / "downloads" / "reports" / f"{name}.zip")


def test_json_holds_every_paragraph_in_both_languages(built_site):
    report = _report()
    data = json.loads(_download(built_site, f"{SLUG}.json").decode("utf-8"))
    assert data["title_zh"] == report.meta.title_zh and data["date"] == report.meta.date
    assert data["url"] == SITE_URL + f"reports/{SLUG}/"
    got = [p for s in data["sections"] for p in s["paragraphs"]]
    assert [(p["id"], p["zh"]) for p in got] == [(p.pid, p.zh) for p in _visible(report)]
    assert [p["en"] for p in got] == [downloads.english(p) for p in _visible(report)]
    assert all(p["en"] and "**" not in p["en"] for p in got)  # the seed is translated
    assert len(got) > 60


def test_csv_holds_every_paragraph_and_opens_as_utf8_with_bom(built_site):
    raw = _download(built_site, f"{SLUG}.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    report = _report()
    assert [(r["paragraph"], r["zh"], r["en"]) for r in rows] == [
        (p.pid, p.zh, downloads.english(p)) for p in _visible(report)]
    assert {r["report"] for r in rows} == {SLUG}


def test_markdown_holds_every_paragraph_in_both_languages(built_site):
    text = _download(built_site, f"{SLUG}.markdown").decode("utf-8")
    report = _report()
    assert text.startswith(f"# {report.meta.title_zh}\n\n# {report.meta.title_en}\n")
    for p in _visible(report):
        assert downloads.md_escape(p.zh) in text, p.pid
        assert downloads.md_escape(downloads.english(p)) in text, p.pid
    assert text.count("\n¶p") == sum(p.kind == "text" for p in _visible(report))


def test_the_seed_is_published_byte_for_byte(built_site):
    assert _download(built_site, f"{SLUG}.zh.txt") == SEED.read_bytes()


def test_only_the_archives_are_published_and_the_home_gives_their_sizes(built_site):
    folder = built_site / "downloads" / "reports"
    names = [f"{SLUG}{suffix}.zip" for suffix in (".markdown", ".json", ".csv", ".zh.txt")]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    for home, words in ((f"reports/{SLUG}/index.html", "ZIP, {} KB"),
                        (f"zh/reports/{SLUG}/index.html", "ZIP 压缩包，{} KB")):
        html = (built_site / home).read_text("utf-8")
        for name in names:
            size = round((folder / name).stat().st_size / 1000)
            assert re.search(re.escape(words.format(size)) + f"</a> <code>{re.escape(name)}<",
                             html), (home, name)


def test_an_archive_is_the_same_bytes_every_time_and_smaller():
    data = downloads.report_markdown(_report()).encode("utf-8")
    archive = downloads.zipped("x.markdown", data)
    assert archive == downloads.zipped("x.markdown", data) and len(archive) < len(data) / 2
    assert zipfile.ZipFile(io.BytesIO(archive)).read("x.markdown") == data


def _planted() -> Report:
    paragraphs = [Paragraph("p1", "text", "=HYPERLINK(\"http://x\")", "-1+1 @sum", "translated"),
                  Paragraph("p2", "text", "<script>“引号”</script> *星* [链接](x)", "",
                            "draft"),
                  Paragraph("p3", "text", "1. 列表", "# heading\n\nsecond line", "draft")]
    meta = ReportMeta("标题", "Title <b>", date="2024-01-02", source_url="javascript:alert(1)")
    return Report("planted", meta, [Section("01-a", paragraphs)])


def test_csv_neutralises_formulas_and_keeps_the_text():
    rows = list(csv.reader(io.StringIO(downloads.report_csv(_planted()))))
    assert rows[1][5:] == ["'=HYPERLINK(\"http://x\")", "'-1+1 @sum"]
    assert rows[2][5:] == ["<script>“引号”</script> *星* [链接](x)", ""]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[3][5:] == ["1. 列表", "# heading second line"]


def test_markdown_and_json_escape_what_an_editor_wrote():
    md = downloads.report_markdown(_planted())
    assert "<script>" not in md and "&lt;script>" in md and r"\*星\*" in md
    assert "\n1\\. 列表\n" in md and "javascript:" not in md
    assert downloads.MISSING in md  # p2 has no English
    data = json.loads(downloads.report_json(_planted()))
    assert data["sections"][0]["paragraphs"][1]["zh"] == "<script>“引号”</script> *星* [链接](x)"


def test_a_name_outside_the_rule_is_never_written(tmp_path):
    bad = _planted()
    bad.slug = "../escape"
    made = downloads.make_downloads([bad], {}, tmp_path / "c")
    assert made == {} and downloads.write_downloads(made, tmp_path / "downloads") == 0
    assert not any(tmp_path.rglob("*"))


def _feed(site: Path, lang: str) -> etree._Element:
    path = site / ("feed.xml" if lang == "en" else f"{lang}/feed.xml")
    return etree.fromstring(path.read_bytes())  # raises on anything that is not well-formed


def test_atom_feed_parses_with_what_rfc_4287_requires(built_site):
    for lang in ("en", "zh"):
        feed = _feed(built_site, lang)
        assert feed.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{tag}") is not None, (lang, tag)
        self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
        assert self_link == SITE_URL + ("" if lang == "en" else "zh/") + "feed.xml"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1
        for entry in entries:
            assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
            for tag in ("updated", "published"):
                stamp = entry.findtext(f"{ATOM}{tag}")
                assert RFC3339.fullmatch(stamp) and datetime.fromisoformat(stamp), stamp
            link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert link == SITE_URL + ("" if lang == "en" else "zh/") + f"reports/{SLUG}/"
        title = entries[0].findtext(f"{ATOM}title")
        assert title == (_report().meta.title_zh if lang == "zh" else _report().meta.title_en)


def _dated(slug: str, day: str) -> Report:
    return Report(slug, ReportMeta(f"标题{slug}", f"Title {slug}", date=day))


def test_feed_is_newest_first_with_stable_ids_and_no_undated_report():
    from tifa import feed

    ui = Interface.load("en", REPO / "templates")
    reports = [_dated("a", "2001-05-01"), _dated("b", "2023-01-09"), _dated("c", ""),
               _dated("d", "1955-07-05")]
    first = etree.fromstring(feed.atom(reports, ui, href, None))
    again = etree.fromstring(feed.atom(list(reversed(reports)), ui, href, None))
    ids = [e.findtext(f"{ATOM}id") for e in first.findall(f"{ATOM}entry")]
    assert [e.findtext(f"{ATOM}title") for e in first.findall(f"{ATOM}entry")] == [
        "Title b", "Title a", "Title d"]
    assert ids == [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")]
    assert len(set(ids)) == 3 and first.findtext(f"{ATOM}updated") == "2023-01-09T00:00:00Z"
    assert first.find(f"{ATOM}entry/{ATOM}link").get("href") == "reports/b/"


def test_every_page_announces_the_feed_of_its_interface(built_site):
    for page, feed_href in (("index.html", "feed.xml"),
                            (f"reports/{SLUG}/hui-mou-pian/index.html", "../../../feed.xml"),
                            ("zh/glossary/liang-ge-que-li/index.html", "../../feed.xml")):
        html = (built_site / page).read_text("utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="'
                         + re.escape(feed_href) + '"', html), page


def test_repository_from_the_setting_or_the_workflow_or_none(tmp_path):
    problems: list[Problem] = []
    env = {"GITHUB_REPOSITORY": "someone/fork", "GITHUB_REF_NAME": "pages"}
    assert load_repository(tmp_path, {}, problems) is None
    assert load_repository(tmp_path, env, problems) == Repository("someone/fork", "pages")
    assert load_repository(tmp_path, {"GITHUB_REPOSITORY": "no spaces/x y"}, problems) is None
    (tmp_path / "site.yaml").write_text("repository: owner/name\n", "utf-8")
    assert load_repository(tmp_path, env, problems) == Repository("owner/name", "main")
    assert problems == []
    (tmp_path / "site.yaml").write_text("repository: owner/name\nbrnach: x\n", "utf-8")
    load_repository(tmp_path, env, problems)
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown field 'brnach' (did you mean 'branch'?)")]
    problems.clear()
    (tmp_path / "site.yaml").write_text("repository: 'javascript:alert(1)//x'\n", "utf-8")
    assert load_repository(tmp_path, env, problems) is None
    assert [p.message for p in problems] == [
        "'repository' is not a GitHub repository: 'javascript:alert(1)//x'"]


def test_github_addresses_are_encoded():
    repo = Repository("owner/name", "fix/中文")
    assert repo.edit("content/glossary/a b.md") == \
        "https://github.com/owner/name/edit/fix/%E4%B8%AD%E6%96%87/content/glossary/a%20b.md"
    url = repo.new_issue("Problem in A & B #1", "Page: x?y=1&z=2\n> “引”")
    query = parse_qs(urlsplit(url).query)
    assert query == {"title": ["Problem in A & B #1"], "body": ["Page: x?y=1&z=2\n> “引”"]}


def _fix_links(html: str) -> tuple[str, str]:
    edit = re.search(r'class="tifa-fix-edit" href="([^"]+)"', html).group(1)
    report = re.search(r'class="tifa-fix-report" href="([^"]+)"', html).group(1)
    return edit, report.replace("&amp;", "&")


def test_section_and_term_pages_link_their_own_source_file(built_site):
    base = f"https://github.com/{TEST_REPOSITORY}/"
    for page, source in ((f"reports/{SLUG}/hui-mou-pian/index.html",
                          f"content/reports/{SLUG}/01-hui-mou-pian.md"),
                         (f"zh/reports/{SLUG}/hui-mou-pian/index.html",
                          f"content/reports/{SLUG}/01-hui-mou-pian.md"),
                         ("glossary/liang-ge-que-li/index.html",
                          "content/glossary/liang-ge-que-li.md"),
                         ("zh/glossary/liang-ge-que-li/index.html",
                          "content/glossary/liang-ge-que-li.md")):
        assert (REPO / source).is_file()
        edit, report = _fix_links((built_site / page).read_text("utf-8"))
        assert edit == base + "edit/main/" + source, page
        query = parse_qs(urlsplit(report).query)
        assert report.startswith(base + "issues/new?") and source in query["body"][0], page
    for page in ("index.html", f"reports/{SLUG}/index.html", "glossary/index.html"):
        assert "tifa-fix" not in (built_site / page).read_text("utf-8"), page


def test_without_a_repository_no_correction_link_is_written(tmp_path, monkeypatch):
    for name in ("GITHUB_REPOSITORY", "GITHUB_REF_NAME"):
        monkeypatch.delenv(name, raising=False)
    root = copy_project(tmp_path)
    assert run_cli(root) == 0
    pages = [p.read_text("utf-8") for p in (root / "site").rglob("index.html")]
    assert len(pages) > 20 and not any("tifa-fix" in p or "github.com" in p for p in pages)


def _write(reports: list[Report], folder: Path, cache: Path) -> int:
    return downloads.write_downloads(downloads.make_downloads(reports, {}, cache), folder)


def test_downloads_are_made_again_only_for_a_changed_report(tmp_path):
    one, two = _planted(), _planted()
    two.slug = "other"
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert _write([one, two], site / "a", cache) == 6
    before = {p.name: p.stat().st_ino for p in (cache / "other").rglob("*.json.zip")}
    one.sections[0].paragraphs[0].en = "Changed."
    assert _write([one, two], site / "b", cache) == 6
    assert {p.name: p.stat().st_ino for p in (cache / "other").rglob("*.json.zip")} == before
    for folder, changed in (("b", True), ("a", False)):
        csv_text = _unzipped(site / folder / "reports" / "planted.csv.zip").decode("utf-8-sig")
        assert ("Changed." in csv_text) is changed, folder
    _write([one], site / "c", cache)
    assert sorted(p.name for p in cache.iterdir()) == ["planted"]



def test_a_build_killed_while_making_archives_leaves_none_taken_as_made(tmp_path, monkeypatch):
    cache, whole = tmp_path / "cache", downloads.zipped
    calls = []

    def killed(name: str, data: bytes) -> bytes:
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the build stopped after the first archive
        return whole(name, data)

    monkeypatch.setattr(downloads, "zipped", killed)
    with pytest.raises(KeyboardInterrupt):
        downloads.make_downloads([_planted()], {}, cache)
    monkeypatch.setattr(downloads, "zipped", whole)
    made = downloads.make_downloads([_planted()], {}, cache)["planted"]
    assert list((cache / "planted").iterdir()) == [made]
    assert sorted(p.name for p in made.iterdir()) == [
        "planted.csv.zip", "planted.json.zip", "planted.markdown.zip"]
