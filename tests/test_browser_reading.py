"""The reader's space, touch targets, dark mode, untranslated reports, the report home and the
phone drawer, in headless Chromium under a sub-path: both interfaces (English at the root,
Chinese under zh/), at 1280 px and on a 375 px touch phone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_copy, copy_project
from gates import axe_violations, vnu_errors
from serve import PrefixServer
from test_gates import PAGES, SERIES_PAGES

REPORT = "reports/2023-chaoyang-plenary/"
SECTION = REPORT + "hui-mou-pian/"
INTERFACES = ("", "zh/")
EVERY_KIND = ["", REPORT, SECTION, REPORT + "figures/", "glossary/", "glossary/liang-ge-que-li/",
              "editors/", REPORT + "editors/", "about/"]
"""One page of every kind the project has: home, report home, section, figures, glossary, term,
editors' overview and report page, about."""

UNTRANSLATED = "reports/demo-untranslated/yi-2024-nian-gong-zuo-hui-gu/"
PARTIAL = "reports/demo-partial/yi-2023-nian-gong-zuo-hui-gu/"

LINE_LENGTHS = """(selector) => {
  // characters on each full line (the last one left out) of the longest paragraph matched
  const p = [...document.querySelectorAll(selector)]
    .sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), range = document.createRange();
  const lines = []; let top = -1e9;
  while (walker.nextNode()) {
    const text = walker.currentNode;
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i); range.setEnd(text, i + 1);
      const box = range.getBoundingClientRect();
      if (!box.height) { continue; }
      if (box.top > top + 8) { lines.push(0); top = box.top; }
      lines[lines.length - 1] += 1;
    }
  }
  return lines.slice(0, -1);
}"""

HOLES = """() => {
  // how much of a section's pairs is a hole: the height one side runs past the other
  const height = (side) => {
    const kids = [...side.children].filter((c) => c.getBoundingClientRect().height > 0);
    return kids.length ? kids.at(-1).getBoundingClientRect().bottom
                         - kids[0].getBoundingClientRect().top : 0;
  };
  let hole = 0, total = 0;
  for (const pair of document.querySelectorAll(".tifa-pair.tifa-text")) {
    const zh = height(pair.querySelector(".tifa-zh")), en = height(pair.querySelector(".tifa-en"));
    hole += Math.abs(zh - en); total += Math.max(zh, en);
  }
  return hole / total;
}"""

TARGETS = """() => {
  // WCAG 2.2, 2.5.8: every target at least 24 x 24 CSS px, or spaced so that a 24 px circle on
  // it meets no other target; links inside a sentence are exempt
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== "inline") { return false; }
    const block = el.parentElement.closest("p, li, td, dd, figcaption, small, h1, h2, h3");
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 3;
  };
  const width = document.documentElement.clientWidth;
  const found = [...document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, summary, label[for]")]
    .filter((el) => !el.closest("[hidden], dialog:not([open]), .tifa-card")
            && !el.matches("input.md-toggle, input.md-option") && !inSentence(el))
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 0 && r.height > 0 && r.right > 0 && r.left < width
            && getComputedStyle(el).visibility !== "hidden");
  const small = found.filter(([, r]) => r.width < 24 || r.height < 24);
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const near = (c, r) => Math.hypot(Math.max(r.left - c[0], 0, c[0] - r.right),
                                    Math.max(r.top - c[1], 0, c[1] - r.bottom)) < 12;
  const name = (el, r) => `${el.tagName.toLowerCase()}.${el.className || ""} "${
    el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`;
  return small.filter(([el, r]) => found.some(([other, o]) => other !== el
      && !other.contains(el) && !el.contains(other)
      && (near(centre(r), o) || (small.some(([s]) => s === other)
          && Math.hypot(centre(r)[0] - centre(o)[0], centre(r)[1] - centre(o)[1]) < 24))))
    .map(([el, r]) => name(el, r));
}"""


def _page(browser, url: str, width: int = 1280, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  has_touch=width < 400)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture of an untranslated report and a partly translated one (tests/fixtures/
    untranslated), built with the project's templates."""
    root = copy_project(tmp_path_factory.mktemp("untranslated"), FIXTURES / "untranslated",
                        ("seeds", "content"))
    shutil.copytree(REPO / "templates", root / "templates")
    return build_copy(root)


@pytest.fixture(scope="module")
def untranslated_url(untranslated_site: Path):
    """The untranslated fixture's site, served as ``site_url`` serves the project's."""
    with PrefixServer(untranslated_site, "/some-prefix/") as server:
        yield server.url


@pytest.mark.parametrize("prefix", INTERFACES)
def test_a_section_gives_the_width_to_the_text_at_1280(browser, site_url, prefix):
    page = _page(browser, site_url + prefix + SECTION)
    assert not page.locator(".md-sidebar--secondary").is_visible()  # no empty rail
    assert page.locator("#p11").bounding_box()["width"] > 900
    lines = sorted(page.evaluate(LINE_LENGTHS, ".tifa-pair .tifa-en p"))
    assert len(lines) >= 8 and 60 <= lines[len(lines) // 2] <= 75 and lines[-1] <= 80, lines
    assert page.evaluate(HOLES) < 0.25  # 0.43 with equal columns and the Chinese at 1.05em
    page.context.close()


@pytest.mark.parametrize("prefix", INTERFACES)
def test_a_phone_stacks_the_pair_and_nothing_runs_off_the_screen(browser, site_url, prefix):
    page = _page(browser, site_url + prefix + SECTION, width=375)
    zh, en = (page.locator(f"#p11 .tifa-{lang}").bounding_box() for lang in ("zh", "en"))
    assert zh["y"] + zh["height"] <= en["y"] + 1 and abs(zh["x"] - en["x"]) < 1
    for path in (SECTION, REPORT, REPORT + "figures/"):
        page.goto(site_url + prefix + path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, path
    page.context.close()


@pytest.mark.parametrize("prefix", INTERFACES)
def test_every_control_on_a_phone_is_a_24_px_target(browser, site_url, series_url, prefix):
    page = _page(browser, site_url + prefix, width=375)
    urls = [site_url + prefix + p for p in EVERY_KIND] + [series_url + p for p in SERIES_PAGES]
    for url in urls:
        page.goto(url)
        assert page.evaluate(TARGETS) == [], url
    page.goto(site_url + prefix + SECTION)
    controls = (".tifa-anchor", ".tifa-cite", ".tifa-viewswitch button", ".tifa-langswitch a",
                "form[data-md-component=palette] label:visible")
    for selector in controls:
        boxes = [b.bounding_box() for b in page.locator(selector).all()]
        assert boxes and all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), selector
    page.context.close()


@pytest.mark.parametrize("prefix, names", [("", ("Switch to light mode", "Switch to dark mode")),
                                           ("zh/", ("切换到浅色模式", "切换到深色模式"))])
def test_dark_mode_follows_the_system_and_the_toggle_switches_it(browser, site_url, prefix,
                                                                 names):
    scheme = "document.body.dataset.mdColorScheme"
    for system, shown in (("light", "default"), ("dark", "slate")):
        page = _page(browser, site_url + prefix + SECTION, scheme=system)
        assert page.evaluate(scheme) == shown, system
        page.context.close()
    page = _page(browser, site_url + prefix + SECTION)
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.get_attribute("title") == names[0] and toggle.locator("svg").count() == 1
    toggle.click()  # the system's setting (light here) → light
    assert page.locator("form[data-md-component=palette] label:visible").get_attribute(
        "title") == names[1]
    page.locator("form[data-md-component=palette] label:visible").click()  # → dark
    assert page.evaluate(scheme) == "slate"
    page.goto(site_url + prefix + REPORT)  # remembered on the next page
    assert page.evaluate(scheme) == "slate"
    page.context.close()


@pytest.mark.parametrize("prefix", INTERFACES)
def test_the_head_script_colours_the_page_and_writes_the_header_before_materials_bundle(
        browser, site_url, prefix):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/bundle.*.min.js", lambda route: route.abort())  # the bundle never runs
    page = context.new_page()
    page.goto(site_url + prefix + SECTION)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    options = page.locator("form[data-md-component=palette] input.md-option")
    assert options.count() == 3 and page.locator(
        "form[data-md-component=palette] label[hidden] svg.tifa-icon").count() == 3
    topic = page.locator("[data-md-component=header-topic] span").text_content()
    assert topic and topic == page.title().removesuffix(" — tifa · 提法") != page.title()
    scope = page.evaluate("__md_scope.pathname")
    assert scope == "/some-prefix/" + prefix
    dark = {"index": 2, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
                                  "primary": "indigo", "accent": "indigo"}}
    page.evaluate("dark => __md_set('__palette', dark)", dark)  # as the switch stores it
    page.goto(site_url + prefix + REPORT)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    assert config["base"] == site_url + prefix and config["features"] == []
    context.close()


def test_dark_mode_is_clean_for_axe_on_every_page_kind(browser, site_url, series_url,
                                                        untranslated_url):
    page = _page(browser, site_url, scheme="dark")
    pages = ([site_url + p for p in dict.fromkeys(PAGES + EVERY_KIND)]
             + [series_url + p for p in SERIES_PAGES]
             + [untranslated_url + p for p in (UNTRANSLATED, PARTIAL, "zh/" + PARTIAL)])
    for url in pages:
        page.goto(url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert axe_violations(page) == [], url
    page.goto(site_url + SECTION)
    page.locator('#p11 .tifa-zh a.tifa-term[href$="/glossary/liang-ge-que-li/"]').focus()
    page.locator("#tifa-card-liang-ge-que-li").wait_for(state="visible")
    assert axe_violations(page) == [], "with a gloss card open"
    page.context.close()


CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ground = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll("[class*=tifa-s]")]
    .filter((el) => [...el.classList].some((c) => /^tifa-s\\d$/.test(c))).map((el) => {
    const [a, b] = [lum(getComputedStyle(el).color), lum(ground)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05); });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_series_stand_out_from_the_page_in_both_schemes(browser, series_url, scheme):
    page = _page(browser, series_url + "glossary/gao-zhi-liang-fa-zhan/", scheme=scheme)
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) >= 2 and min(ratios) >= 4.5, ratios  # series names are text too
    page.context.close()


@pytest.mark.parametrize("prefix, status", [
    ("", "English in preparation: 0 of 4 paragraphs of this section translated."),
    ("zh/", "英文译文正在准备中：本部分 4 段中已译 0 段。")])
def test_an_untranslated_report_reads_as_a_chinese_text_with_its_status(browser,
                                                                       untranslated_url,
                                                                       prefix, status):
    page = _page(browser, untranslated_url + prefix + UNTRANSLATED)
    assert page.locator(".tifa-progress").inner_text().strip() == status
    assert page.locator(".tifa-en").count() == 0 and "Translation pending" not in page.content()
    widths = [b.bounding_box()["width"] for b in page.locator(".tifa-pair .tifa-zh").all()]
    assert len(widths) == 4 and all(500 < w < 700 for w in widths)  # a Chinese reading measure
    page.locator('.tifa-viewswitch [data-view="en"]').click()  # English view: still the text
    assert page.locator("#p5 .tifa-zh").is_visible()
    page.locator('.tifa-viewswitch [data-view="both"]').click()
    page.goto(untranslated_url + prefix + "reports/demo-untranslated/")
    assert page.locator(".tifa-progress svg line.tifa-bar-done").get_attribute("x2") == "0.0"
    page.context.close()


@pytest.mark.parametrize("prefix", INTERFACES)
def test_a_partly_translated_section_pairs_what_is_translated(browser, untranslated_url, prefix):
    page = _page(browser, untranslated_url + prefix + PARTIAL)
    assert "3" in page.locator(".tifa-progress").inner_text()
    zh, en = (page.locator(f"#p5 .tifa-{lang}").bounding_box() for lang in ("zh", "en"))
    assert abs(zh["y"] - en["y"]) < 5 and zh["x"] + zh["width"] <= en["x"]
    alone = page.locator("#p6")
    assert alone.locator(".tifa-en").count() == 0
    assert alone.locator(".tifa-zh").bounding_box()["width"] > zh["width"] + 100
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert alone.locator(".tifa-zh").bounding_box()["width"] <= 375
    page.goto(untranslated_url + prefix + "reports/demo-partial/")
    assert page.locator(".tifa-progress").count() == 1
    page.context.close()


def test_untranslated_reports_pass_the_html_checker(untranslated_site):
    assert vnu_errors(untranslated_site) == []


@pytest.mark.parametrize("prefix", INTERFACES)
def test_the_report_home_is_short_and_the_figures_are_a_click_away(browser, site_url, prefix):
    page = _page(browser, site_url + prefix + REPORT)
    height = "document.scrollingElement.scrollHeight"
    assert page.evaluate(height) < 4200  # 7,866 px with every key figure on it
    assert page.locator("article table tbody tr").count() == 4
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate(height) < 7000  # 18,438 px
    page.goto(site_url + prefix + REPORT + "figures/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    cells = page.locator("article table tbody tr").first.locator("td").all()
    boxes = [c.bounding_box() for c in cells]
    assert all(a["y"] + a["height"] <= b["y"] + 1 for a, b in zip(boxes, boxes[1:]))  # stacked
    page.context.close()


@pytest.mark.parametrize("prefix, title", [
    ("", "Fifth Plenary Session of the 13th CPC Changchun Chaoyang District Committee"),
    ("zh/", "中共长春市朝阳区第十三届委员会第五次全体会议")])
def test_the_phone_drawer_shows_the_whole_report_title(browser, site_url, prefix, title):
    page = _page(browser, site_url + prefix + SECTION, width=375)
    page.locator("label.md-header__button[for=__drawer]").click()
    label = page.locator(".md-nav--primary .md-nav[data-md-level='1'] > .md-nav__title").first
    label.wait_for(state="visible")
    page.wait_for_function("(el) => el.getBoundingClientRect().left >= 0",
                           arg=label.element_handle())  # the drawer has slid in
    assert label.inner_text().strip() == title
    assert page.evaluate("(el) => el.scrollWidth <= el.clientWidth", label.element_handle())
    box = label.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.context.close()
