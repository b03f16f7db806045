"""Check that a built site fits what GitHub Pages publishes: ``python .ci/pages_limits.py site``.

GitHub documents that a published Pages site may be no larger than 1 GB, and actions/deploy-pages
warns when the uploaded artifact exceeds 1073741824 bytes. actions/upload-pages-artifact packs the
folder into an uncompressed tar (following links) and leaves out every name that starts with a dot,
so this counts the tar's bytes the same way and fails on hidden names that would silently go
missing. Exit 0 when the site fits, 1 otherwise; one line per problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LIMIT = 1073741824  # bytes: the 1 GB that actions/deploy-pages checks the artifact against
BLOCK = 512  # a tar header, and the unit a member's data is padded to
RECORD = 10240  # GNU tar's default record: the archive is padded to a whole number of these
HARMLESS = {Path(".nojekyll")}  # only matters when Pages publishes from a branch, not an artifact


def tar_bytes(site: Path) -> int:
    """Size of the uncompressed tar that upload-pages-artifact makes of ``site``."""
    total = BLOCK  # the member "./"
    for path in site.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(site).parts):
            continue  # left out by the upload's --exclude=.[^/]* (.nojekyll among them)
        total += BLOCK
        if path.is_file():
            total += -(-path.stat().st_size // BLOCK) * BLOCK
        if len(str(path.relative_to(site))) + 2 > 100:  # GNU long-name header and its block
            total += 2 * BLOCK
    total += 2 * BLOCK  # end-of-archive marker
    return -(-total // RECORD) * RECORD


def hidden_names(site: Path) -> list[Path]:
    """Paths under ``site`` whose name starts with a dot (upload-pages-artifact drops them), but
    ``.nojekyll``, which an artifact deployment does not need."""
    return sorted(p.relative_to(site) for p in site.rglob(".*")
                  if p.relative_to(site) not in HARMLESS)


def check(site: Path, limit: int = LIMIT) -> tuple[int, list[str]]:
    """The artifact's bytes and the problems that would keep ``site`` from being published in
    full (none when it fits)."""
    if not (site / "index.html").is_file():
        return 0, [f"{site}: error: no index.html; build the site first (python build.py)"]
    problems = [f"{site / name}: error: a name starting with '.' is left out of the Pages artifact"
                for name in hidden_names(site)]
    size = tar_bytes(site)
    if size > limit:
        problems.append(f"{site}: error: the Pages artifact would be {size:,} bytes, over the "
                        f"{limit:,}-byte limit")
    return size, problems


def main(argv: list[str] | None = None) -> int:
    """Print the artifact's size against the limit and every problem; 1 if there is one."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="the built site folder (site/)")
    ap.add_argument("--limit", type=int, default=LIMIT, help="bytes (default: %(default)s)")
    args = ap.parse_args(argv)
    size, problems = check(args.site, args.limit)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"pages limits: artifact {size:,} bytes, {100 * size / args.limit:.2f}% of "
          f"{args.limit:,}; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
