"""Compare two built sites: every file byte for byte, except the files Pagefind writes in
hash-map order (its filter maps, and the two files of each bundle that name them), which are
compared by content.

``python tests/sitediff.py SITE_A SITE_B`` prints the differences and exits 1 if there are any.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path


def unstable(name: str) -> bool:
    """Files Pagefind writes differently from run to run (upstream; see tifa/search.py)."""
    return name.startswith("pagefind/") and ("/filter/" in name or name.endswith(
        (".pf_meta", "/pagefind-entry.json")))


def files(site: Path) -> dict[str, bytes]:
    """Every file of a site by its path inside it."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def filters(tree: dict[str, bytes]) -> list[list[int]]:
    """Pagefind's filter maps by content (decompressed bytes, order-free)."""
    return sorted(sorted(gzip.decompress(v)) for k, v in tree.items()
                  if k.startswith("pagefind/") and "/filter/" in k)


def differences(one: Path, two: Path) -> list[str]:
    """What differs between two sites; empty when they are the same."""
    a, b = files(one), files(two)
    stable_a = {k: v for k, v in a.items() if not unstable(k)}
    stable_b = {k: v for k, v in b.items() if not unstable(k)}
    out = [f"only in one: {k}" for k in sorted(stable_a.keys() ^ stable_b.keys())]
    out += [f"differs: {k}" for k in stable_a if k in stable_b and stable_a[k] != stable_b[k]]
    if filters(a) != filters(b) or not filters(a):
        out.append("Pagefind filter maps differ by content (or are missing)")
    return out


if __name__ == "__main__":
    found = differences(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or f"same: {len(files(Path(sys.argv[1])))} files")
    sys.exit(1 if found else 0)
