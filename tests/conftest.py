"""Shared fixtures: project copies in temporary folders, a built site, and headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import markdown
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from serve import PrefixServer  # noqa: E402

from tifa import search, termpages  # noqa: E402
from tifa.cli import main  # noqa: E402
from tifa.model import Block, Flow, GlossaryEntry, Heading, Page, Part, Prose  # noqa: E402
from tifa.render import href  # noqa: E402
from tifa.resolve import resolve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = REPO / "seeds" / "2023-chaoyang-plenary.zh.txt"
CHROMIUM = Path("/usr/bin/chromium")
SITE_URL = "https://example.org/some-prefix/"  # where the test site says it is published
TEST_REPOSITORY = "example-owner/tifa-digest"  # where its correction links lead
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def copy_project(dest: Path, source: Path = REPO, parts: tuple[str, ...] = ("seeds", "content",
                 "templates")) -> Path:
    """Copy the parts of a project that a build reads into ``dest`` and return it."""
    for part in parts:
        if (source / part).exists():
            shutil.copytree(source / part, dest / part)
    return dest


def annotating_markdown(entries: list[GlossaryEntry],
                        extensions: tuple[str, ...] = ("md_in_html", "tifa.annotate")
                        ) -> markdown.Markdown:
    """Python-Markdown with the annotator handed a glossary in-process, as the renderer does
    (links written as on the home page)."""
    config = {"site": resolve([], entries), "href": href}
    return markdown.Markdown(extensions=list(extensions),
                             extension_configs={"tifa.annotate": config})


def part_text(part: Part) -> str:
    """A part of a page as what it is made of: tifa's HTML as it is, a heading as its element,
    prose as its Markdown, an element around prose as its parts."""
    if isinstance(part, Heading):
        anchor = f' id="{part.id}"' if part.id else ""
        return f"<h{part.level}{anchor}>{part.html}</h{part.level}>"
    if isinstance(part, Prose):
        return part.text
    if isinstance(part, Block):
        return "\n".join(part_text(child) for child in part.content)
    return part.html if isinstance(part, Flow) else part


def page_text(page: Page) -> str:
    """What a page is made of, in order (for tests that look for a piece of it)."""
    return "\n".join(part_text(part) for part in page.parts)


def run_cli(root: Path, *args: str) -> int:
    """Run ``python build.py`` in-process on ``root`` and return its exit code."""
    return main([*args, "--root", str(root), "--quiet"])


def build_copy(root: Path) -> Path:
    """Build a project copy as published under SITE_URL; returns its site/ folder."""
    assert run_cli(root, "--site-url", SITE_URL) == 0
    return root / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once into a temporary copy, with a repository for its "Edit
    this" and "Report a problem" links (``TEST_REPOSITORY``); returns its site/ folder."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    (root / "content" / "site.yaml").write_text(f"repository: {TEST_REPOSITORY}\n", "utf-8")
    return build_copy(root)


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served under the sub-path /some-prefix/ on 127.0.0.1."""
    with PrefixServer(built_site, "/some-prefix/") as server:
        yield server.url


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the two fixture reports of tests/fixtures/search added: three reports
    (2018, 2023, 2024; a work report, a news report, a communiqué), built once, its search
    indexed in as many shards as a digest of hundreds would have (one report a shard on
    average), so that every search goes through the merged bundles; returns the project
    folder."""
    root = copy_project(tmp_path_factory.mktemp("corpus"))
    for seed in (FIXTURES / "search" / "seeds").iterdir():
        shutil.copy(seed, root / "seeds" / seed.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_REPORTS", 1)
        assert run_cli(root, "--site-url", SITE_URL) == 0
    listed = json.loads((root / "site" / "pagefind" / search.SHARDS_FILE).read_text())
    assert len(listed["shards"]) == 2  # by their slugs' hashes, two of the four shards
    return root


@pytest.fixture(scope="session")
def corpus_url(corpus: Path):
    """The corpus' site, served under the sub-path /digest/ on 127.0.0.1."""
    with PrefixServer(corpus / "site", "/digest/") as server:
        yield server.url


@pytest.fixture(scope="session")
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture series (tests/fixtures/series: three work reports of a fictional county and
    a communiqué) built once with the project's templates; returns its site/ folder."""
    root = copy_project(tmp_path_factory.mktemp("series-project"), FIXTURES / "series",
                        ("seeds", "content"))
    shutil.copytree(REPO / "templates", root / "templates")
    return build_copy(root)


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture series built with term pages that chart one series and two reports of it, and
    pages of a term's series holding three reports' rows, so that its term pages link to pages
    of their series, two of them (as a digest of hundreds of reports does with the real
    limits); returns its site/ folder."""
    root = copy_project(tmp_path_factory.mktemp("paged-project"), FIXTURES / "series",
                        ("seeds", "content"))
    shutil.copytree(REPO / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(termpages, "SERIES_SHOWN", 1)
        patch.setattr(termpages, "SERIES_NEWEST", 2)
        patch.setattr(termpages, "SERIES_ROWS", 3)  # the second series on a second page
        return build_copy(root)


@pytest.fixture(scope="session")
def paged_url(paged_site: Path):
    """The paged fixture series' site, served as ``site_url`` serves the project's."""
    with PrefixServer(paged_site, "/some-prefix/") as server:
        yield server.url


@pytest.fixture(scope="session")
def series_url(series_site: Path):
    """The fixture series' site, served as ``site_url`` serves the project's."""
    with PrefixServer(series_site, "/some-prefix/") as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright; skipped with a reason off CI, fails on CI."""
    if not CHROMIUM.exists():
        message = "Chromium not found at /usr/bin/chromium (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
