"""Guards: one rule for every name that becomes a path or a URL, one check for every write, and
one build at a time.

**The name rule.** A report slug (the seed's file name without ``.zh.txt``, and the report's
folder under ``content/reports/``), a section key (``section:`` in a section file, and the
``NN-<key>.md`` file name), and a glossary slug (the entry's file name without ``.md``) become
folders, files and URLs of the site. Each must match :data:`SAFE_NAME` — lower-case ASCII letters
and digits in groups joined by single hyphens, at most 150 characters, e.g.
``2023-chaoyang-plenary``. Nothing else passes: no dots, slashes, spaces, quotes, markup or
upper-case letters, so ``..`` cannot climb out of a folder, a name cannot break out of an HTML
attribute, and two names can never differ only in case (which would collide on macOS and Windows
checkouts and on case-insensitive web servers). A file whose extension differs only in case
(``entry.MD``, ``report.zh.TXT``) is an error too, never silently skipped. A name that breaks the
rule is a ``path:line: error`` with :data:`NAME_HINT`.

**The write guard.** :func:`write_inside` and :func:`remove_inside` are the only way the build
changes a file whose path is made from a name: the path must stay inside the folder it is meant
for (``build/``, ``site/``, or the one ``content/`` folder being updated) both as written and once
symbolic links are followed.

**One build at a time.** :func:`build_lock` holds an exclusive ``flock`` on ``build/.lock`` for
the length of a build or ingest. A second build stops at once with a message naming the process
that holds the lock. The lock belongs to the open file, so the kernel frees it when its process
dies: a lock file left behind by a crashed or killed build (with a dead process ID in it, or
anything else) is simply taken over. When the build that wrote the lock has died but the lock is
still held, it is held by that build's worker (the second interface is built in a forked
process), which ends within moments; the next build waits for it (at most ``ORPHAN_WAIT``).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BuildFailed, Problem, error

SAFE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_NAME = 150
ORPHAN_WAIT = 120.0  # seconds to wait for the worker of a build whose main process was killed
NAME_HINT = ("use lower-case letters a-z, digits and single hyphens (at most 150), "
             "e.g. 2023-chaoyang-plenary")


def is_safe_name(name: str) -> bool:
    """Whether ``name`` may become a folder, file or URL part of the site."""
    return len(name) <= MAX_NAME and SAFE_NAME.fullmatch(name) is not None


def name_problem(what: str, name: str, path: Path, line: int | None = None) -> Problem | None:
    """An error for a name that breaks the rule (``what`` says which name it is), else None."""
    if is_safe_name(name):
        return None
    return error(path, line, f"the {what} '{name}' is not a safe name", NAME_HINT)


def file_stem(path: Path, suffix: str, what: str, problems: list[Problem]) -> str | None:
    """The name part of a file called ``<name><suffix>``; a wrong-case suffix or an unsafe name
    is reported and gives None."""
    name = path.name
    if not name.endswith(suffix):
        problems.append(error(path, None, f"the {what} '{name}' does not end in '{suffix}'",
                              f"rename it so that it ends in '{suffix}' (lower case)"))
        return None
    stem = name[: -len(suffix)]
    if not is_safe_name(stem):
        problems.append(error(path, None, f"the {what} '{name}' is not a safe name", NAME_HINT))
        return None
    return stem


def _outside(path: Path, area: Path) -> bool:
    """Whether ``path`` leaves ``area``, as written or through a symbolic link."""
    lexical, root = Path(os.path.abspath(path)), Path(os.path.abspath(area))
    if not lexical.is_relative_to(root) or root.is_symlink():
        return True
    return path.resolve() != root.resolve() / lexical.relative_to(root)


def _refuse(path: Path, area: Path) -> BuildFailed:
    return BuildFailed([error(path, None, f"refusing to write outside {area}",
                              "a name in an editor's file points elsewhere; rename it "
                              "(letters, digits and hyphens only)")])


def ensure_inside(path: Path, area: Path) -> None:
    """Stop the build (``BuildFailed``) unless ``path`` stays inside ``area``."""
    if _outside(path, area):
        raise _refuse(path, area)


def write_inside(path: Path, text: str, area: Path) -> None:
    """Write ``text`` to ``path`` (making its folders) only if it stays inside ``area``."""
    ensure_inside(path, area)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def link_file(source: Path | str, target: Path | str) -> None:
    """Make ``target`` the same file as ``source``: a hard link where the file system allows
    one, else a copy (the build's caches are published this way, without copying bytes)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def remove_others(folder: Path, names: set[str]) -> None:
    """Remove every file under ``folder`` whose path inside it (with ``/``) is not in ``names``,
    and the folders left empty (``folder`` itself stays)."""
    for inside, _dirs, files in os.walk(folder, topdown=False):
        relative = Path(inside).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if prefix + name not in names:
                os.unlink(os.path.join(inside, name))
        if prefix and not os.listdir(inside):
            os.rmdir(inside)


def remove_inside(path: Path, area: Path) -> None:
    """Delete the file ``path`` only if it lies inside ``area``."""
    ensure_inside(path, area)
    path.unlink()


def _take(handle, wait: float = 0.0) -> bool:
    """Try to take the lock on ``handle`` for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _not_linked(folder: Path) -> None:
    if folder.is_symlink():
        raise BuildFailed([error(folder, None, "the folder is a symbolic link",
                                 f"delete it: the build makes its own {folder.name}/ folder")])


@contextmanager
def build_lock(work: Path, site: Path) -> Iterator[None]:
    """Hold the project's build lock (``<work>/.lock``) while the block runs; stop with a clear
    problem if another process holds it. Refuses a ``work`` or ``site`` folder that is a
    symbolic link, since the build writes there."""
    _not_linked(work)
    _not_linked(site)
    work.mkdir(parents=True, exist_ok=True)
    path = work / ".lock"
    handle = open(path, "a+", encoding="utf-8")
    if not _take(handle):
        handle.seek(0)
        holder = handle.read().strip()[:20] or "unknown"
        if not (holder.isdigit() and not _alive(int(holder)) and _take(handle, ORPHAN_WAIT)):
            handle.close()
            raise BuildFailed([error(path, None, "another build is running in this project "
                                     f"(process {holder})", "wait for it to finish and run this "
                                     "command again (a serve that is rebuilding counts too)")])
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
