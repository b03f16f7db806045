"""Screenshots of a built site's chrome for a look comparison before and after a change.

``python -m bench.screens SITE OUT`` serves SITE under a sub-path (``tests/serve.PrefixServer``)
and saves, for each interface (en at the root, zh under zh/), a reader page, a report home, a
term page and the home page at 1280 px and at 375 px (touch), at the top and scrolled to the
foot, the reader page at 375 px also with the drawer open, as PNGs in OUT; ``--dark`` takes
them with the dark scheme chosen (as the palette switch stores it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from serve import PrefixServer  # noqa: E402


def pages(site: Path) -> dict[str, str]:
    """The pages to take: their names and addresses under an interface's root."""
    report = sorted(p.name for p in (site / "reports").iterdir() if p.is_dir())[0]
    section = sorted(p.name for p in (site / "reports" / report).iterdir()
                     if p.is_dir() and p.name not in ("figures", "editors"))[0]
    term = sorted(p.name for p in (site / "glossary").iterdir() if p.is_dir())[0]
    return {"reader": f"reports/{report}/{section}/", "report": f"reports/{report}/",
            "term": f"glossary/{term}/", "home": ""}


DARK = """for (const scope of ["/some-prefix/", "/some-prefix/zh/"])
  localStorage.setItem(scope + ".__palette", JSON.stringify({index: 2, color: {
    media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo",
    accent: "indigo"}}));"""  # what Material's palette switch stores for the dark scheme


def shoot(site: Path, out: Path, dark: bool) -> None:
    """Take every screenshot of ``site`` into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with PrefixServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width, height, touch in ((1280, 900, False), (375, 740, True)):
            context = browser.new_context(viewport={"width": width, "height": height},
                                          has_touch=touch)
            if dark:
                context.add_init_script(DARK)
            page = context.new_page()
            for lang in ("en", "zh"):
                for name, address in pages(site).items():
                    page.goto(server.url + ("zh/" if lang == "zh" else "") + address)
                    page.wait_for_load_state("networkidle")
                    stem = f"{lang}-{name}-{width}" + ("-dark" if dark else "")
                    page.screenshot(path=str(out / f"{stem}.png"))
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    page.wait_for_timeout(1000)  # the header's title has changed over
                    page.screenshot(path=str(out / f"{stem}-foot.png"))
                    page.evaluate("window.scrollTo(0, 0)")
                    if touch and name == "reader":
                        page.click('label[for="__drawer"].md-header__button')
                        page.wait_for_timeout(400)
                        page.screenshot(path=str(out / f"{stem}-drawer.png"))
            context.close()
        browser.close()


def main() -> None:
    """Take the screenshots of the site given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    shoot(args.site, args.out, args.dark)


if __name__ == "__main__":
    main()
