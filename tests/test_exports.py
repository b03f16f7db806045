"""Exports for other tools: TMX of the translated pairs, TBX-Basic and CSV of the glossary,
validated against the standards' own schemas and linked from the editors' and about pages."""

from __future__ import annotations

import copy
import csv
import gzip
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree, isoschematron
from translate.storage.tmx import tmxfile

from tifa.exports import CSV_COLUMNS, glossary_csv, tbx, tmx, write_exports
from tifa.glossary import load_glossary
from tifa.memory import paragraph_units
from tifa.store import load_reports

SCHEMAS = Path(__file__).parent / "schemas"
TBX_NS = {"t": "urn:iso:std:iso:30042:ed-2"}


@pytest.fixture(scope="module")
def digest():
    reports = load_reports(REPO / "content", REPO / "seeds", [])
    return reports, load_glossary(REPO / "content" / "glossary", [])


def dca_schematron() -> isoschematron.Schematron:
    """The TBX-Basic DCA Schematron, its three XPath 2 expressions written in XPath 1 so that
    lxml can run it (the rules themselves are unchanged)."""
    text = (SCHEMAS / "TBX-Basic_DCA.sch").read_text("utf-8-sig")
    text = (text.replace('queryBinding="xslt2"', 'queryBinding="xslt1"')
            .replace("matches(@target,'https?://.+')",
                     "(starts-with(@target,'http://') or starts-with(@target,'https://'))")
            .replace("./local-name()", "local-name()"))
    assert "matches(" not in text and "./local-name" not in text
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")))


def test_tmx_validates_against_the_tmx_dtd_and_reads_in_translate_toolkit(digest) -> None:
    reports, _ = digest
    data = tmx(reports)
    tree = etree.fromstring(data)
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    store = tmxfile.parsestring(data)
    expected = [u for p in reports[0].paragraphs
                for u in (paragraph_units(reports[0].slug, p)[1:]
                          or paragraph_units(reports[0].slug, p))]
    assert len(store.units) == len(expected) > 100
    assert [u.source for u in store.units] == [u.zh for u in expected]
    assert all("**" not in u.target and u.target for u in store.units)
    tuids = [tu.get("tuid") for tu in tree.iter("tu")]
    assert len(set(tuids)) == len(tuids) and "2023-chaoyang-plenary#p11.1" in tuids


def test_tbx_validates_against_tbx_core_and_the_tbx_basic_dialect(digest) -> None:
    _, entries = digest
    tree = etree.fromstring(tbx(entries))
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    assert rng.validate(tree), rng.error_log.filter_from_errors()[:3]
    schematron = dca_schematron()
    assert schematron.validate(tree), [e.message for e in schematron.error_log][:3]
    concepts = tree.findall(".//t:conceptEntry", TBX_NS)
    assert len(concepts) == len(entries)
    first = concepts[0]
    entry = entries[0]
    zh_terms = first.xpath("t:langSec[@xml:lang='zh']/t:termSec/t:term/text()", namespaces=TBX_NS)
    assert zh_terms == entry.forms
    assert first.xpath("t:langSec[@xml:lang='en']/t:termSec[1]/t:term/text()",
                       namespaces=TBX_NS) == [entry.en]
    wrong = etree.fromstring(tbx(entries))  # the dialect check does fail on a wrong category
    wrong.find(".//t:descrip", TBX_NS).set("type", "pinyin")
    assert not schematron.validate(wrong)


def test_csv_has_a_row_per_entry(digest) -> None:
    _, entries = digest
    rows = list(csv.reader(io.StringIO(glossary_csv(entries))))
    assert rows[0] == CSV_COLUMNS and len(rows) == len(entries) + 1
    by_zh = {row[0]: dict(zip(CSV_COLUMNS, row)) for row in rows[1:]}
    assert by_zh["两个确立"]["en"] == "Two Establishments"


def test_csv_of_the_glossary_runs_no_formula(digest) -> None:
    _, entries = digest
    planted = replace(entries[0], en='=HYPERLINK("https://example.org","x")', category="@SUM(1)")
    row = list(csv.reader(io.StringIO(glossary_csv([planted]))))[1]
    cells = dict(zip(CSV_COLUMNS, row))
    assert cells["en"] == "'" + planted.en and cells["category"] == "'@SUM(1)"


def test_the_built_site_holds_the_downloads_linked_from_both_interfaces(built_site: Path) -> None:
    folder = built_site / "downloads"
    assert {p.name for p in folder.iterdir() if p.is_file()} == {
        "tifa-memory.tmx.gz", "tifa-glossary.tbx", "tifa-glossary.csv"}
    for page, up in (("editors", "../"), ("about", "../"), ("zh/editors", "../../"),
                     ("zh/about", "../../")):
        html = (built_site / page / "index.html").read_text("utf-8")
        links = re.findall(r'href="([^"]*downloads/[^"]+)"', html)
        assert links == [f"{up}downloads/{name}" for name in
                         ("tifa-memory.tmx.gz", "tifa-glossary.tbx", "tifa-glossary.csv")], page


def test_a_reader_downloads_the_files_from_the_about_page(browser, site_url: str) -> None:
    page = browser.new_page()
    try:
        for about in ("about/", "zh/about/"):
            page.goto(site_url + about)
            links = page.locator(".tifa-downloads a")
            assert links.count() == 3
            for i in range(3):
                href = links.nth(i).evaluate("a => a.href")
                response = page.request.get(href)
                body = response.body()
                body = gzip.decompress(body) if href.endswith(".gz") else body
                assert response.status == 200 and body[:5] in (b"<?xml", b"zh,pi")
    finally:
        page.close()


def test_the_cached_tmx_follows_every_change_of_a_translated_pair(digest, tmp_path: Path) -> None:
    reports, entries = digest
    cache, out = tmp_path / "cache", tmp_path / "downloads"
    write_exports(reports, entries, out, cache)
    first = (out / "tifa-memory.tmx.gz").read_bytes()
    assert gzip.decompress(first) == tmx(reports)
    units = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.tu.gz")}
    assert len(units) == len(reports)  # one file of units per report
    changed = copy.deepcopy(reports)
    changed[0].paragraphs[10].en = "A different English paragraph."
    write_exports(changed, entries, out, cache)
    assert b"A different English paragraph." in gzip.decompress(
        (out / "tifa-memory.tmx.gz").read_bytes())
    now = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.tu.gz")}
    assert len(now) == len(reports) and len(set(now.items()) - set(units.items())) == 1
    assert len(list(cache.glob("*.tmx.gz"))) == 1
    write_exports(reports, entries, out, cache)
    assert (out / "tifa-memory.tmx.gz").read_bytes() == first


def test_the_tmx_made_in_the_background_is_the_one_published(tmp_path, monkeypatch, capfd):
    from conftest import copy_project

    from tifa import pipeline
    root = copy_project(tmp_path / "project")
    b = pipeline.run(pipeline.Build(pipeline.Layout(root)))
    published = gzip.decompress((root / "site/downloads/tifa-memory.tmx.gz").read_bytes())
    assert published == tmx(b.site.reports) and b.memory is None
    # a background process that fails leaves the TMX to the exports stage, with no traceback
    monkeypatch.setattr(pipeline, "cached_tmx", lambda *args: 1 / 0)
    for old in (root / "build/exports").glob("*.tmx.gz"):
        old.unlink()
    pipeline.run(pipeline.Build(pipeline.Layout(root)))
    again = gzip.decompress((root / "site/downloads/tifa-memory.tmx.gz").read_bytes())
    assert again == published and "Traceback" not in capfd.readouterr().err
