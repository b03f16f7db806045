"""The chrome of a built site's pages: what each page carries outside its ``<article>``.

``python -m bench.chrome SITE`` prints, per interface and kind of page (told by its address),
how many pages there are and the chrome's bytes per page (mean, least, most) and in all.
``python -m bench.chrome --time ROOT`` builds the project at ROOT (built before: the converted
bodies come from its cache) with every page rendered again and prints the time the templates
took (``render.Theme.html``) per page and interface.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import time
from pathlib import Path

from tifa import cli, render

KINDS = [  # (kind, pattern on the page's folder under its interface's root)
    ("home", r""), ("reader", r"reports/[^/]+/(?!figures$|editors$)[^/]+"),
    ("report", r"reports/[^/]+"), ("figures", r"reports/[^/]+/figures"),
    ("report-editors", r"reports/[^/]+/editors"), ("compare", r"compare/[^/]+"),
    ("term-series", r"glossary/[^/]+/_series(/[^/]+)?"),
    ("term-report", r"glossary/[^/]+/_reports(/[^/]+)?"), ("term", r"glossary/[^/]+"),
    ("top", r"[^/]+"),
]


def kind(folder: str) -> str:
    """The kind of page at ``folder`` (its address under the interface's root)."""
    return next((name for name, pattern in KINDS if re.fullmatch(pattern, folder)), "other")


def chrome_bytes(html: bytes) -> int:
    """The bytes of a page outside its ``<article>…</article>`` (all of it if it has none)."""
    start, end = html.find(b"<article"), html.rfind(b"</article>")
    return len(html) if start < 0 or end < start else len(html) - (end + 10 - start)


def measure(site: Path) -> dict[tuple[str, str], list[int]]:
    """Chrome bytes of every page of ``site``, by interface and kind."""
    out: dict[tuple[str, str], list[int]] = {}
    for page in sorted(site.rglob("*.html")):
        folder = page.parent.relative_to(site).as_posix().removeprefix(".")
        lang = "zh" if folder == "zh" or folder.startswith("zh/") else "en"
        folder = folder.removeprefix("zh").strip("/") if lang == "zh" else folder
        name = "404" if page.name == "404.html" else kind(folder)
        out.setdefault((lang, name), []).append(chrome_bytes(page.read_bytes()))
    return out


def _timed(spent: dict[str, float], name: str, function):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
    return timed


def time_templates(root: Path) -> None:
    """Rebuild ``root`` with every page rendered again (its bodies from the cache) and print the
    time spent in the templates per page, per interface."""
    for pages in (root / "build").glob("pages-*"):
        shutil.rmtree(pages)
    spent = {"templates": 0.0, "pages": 0.0}
    html, render_interface = render.Theme.html, render.render_interface

    def counted(self, page, body):
        spent["pages"] += 1
        return html(self, page, body)

    def per_interface(site, pages, nav, ui, *args, **kwargs):
        spent.update(dict.fromkeys(spent, 0.0))
        done = render_interface(site, pages, nav, ui, *args, **kwargs)
        n = spent["pages"] or 1
        print(f"{ui.lang}: {spent['pages']:.0f} pages, templates "
              f"{spent['templates'] / n * 1000:.2f} ms a page", flush=True)
        return done

    render.Theme.html = _timed(spent, "templates", counted)
    render.render_interface = per_interface
    cli.main(["--root", str(root)])


def main() -> None:
    """Print the table for the site given, or the templates' time for the project given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--time", action="store_true", help="SITE is a project: time its render")
    args = parser.parse_args()
    if args.time:
        time_templates(args.site)
        return
    sizes = measure(args.site)
    print(f"{'lang':4} {'kind':15} {'pages':>6} {'mean':>7} {'min':>7} {'max':>7} {'total KB':>9}")
    for (lang, name), found in sorted(sizes.items()):
        print(f"{lang:4} {name:15} {len(found):6} {statistics.mean(found):7.0f} {min(found):7} "
              f"{max(found):7} {sum(found) / 1024:9.0f}")
    every = [n for found in sizes.values() for n in found]
    print(f"all  {'':15} {len(every):6} {statistics.mean(every):7.0f} {min(every):7} "
          f"{max(every):7} {sum(every) / 1024:9.0f}")


if __name__ == "__main__":
    main()
