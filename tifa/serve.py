"""Live preview: build, serve ``site/`` on 127.0.0.1, and rebuild whenever an editor's file
changes. A failed rebuild prints its problems and keeps serving the last good site."""

from __future__ import annotations

import errno
import http.server
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildFailed

if TYPE_CHECKING:
    from .cli import Runner

WATCHED = ("content", "templates", "seeds")


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every file an editor may change."""
    state = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*") if (root / folder).is_dir() else ():
            if path.is_file():
                stat = path.stat()
                state[path] = (stat.st_mtime_ns, stat.st_size)
    return state


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    site: Path = Path("site")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def log_message(self, format: str, *args) -> None:  # the editor watches build output
        pass


def rebuild(runner: "Runner") -> float | None:
    """One build; returns its duration, or None when it failed (problems are printed)."""
    started = time.perf_counter()
    try:
        runner.shown.clear()
        runner.build()
    except BuildFailed as failed:
        runner.show(failed.problems)
        print("serve: the build failed; still serving the last good site", flush=True)
        return None
    return time.perf_counter() - started


def _why(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "already in use (another serve, or another program, is listening there)"
    if exc.errno == errno.EACCES:
        return "not open to you (ports below 1024 need administrator rights)"
    return f"not available ({exc.strerror})"


def serve(runner: "Runner", port: int, poll: float = 0.3,
          stop: threading.Event | None = None) -> int:
    """Build, serve on http://127.0.0.1:<port>/ and rebuild on changes until interrupted
    (or until ``stop`` is set)."""
    root = runner.layout.root
    handler = type("Handler", (_SiteHandler,), {"site": runner.layout.site})
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        print(f"serve: error: port {port} on 127.0.0.1 is {_why(exc)}\n"
              f"    hint: choose another port: python build.py serve --port {port + 1}",
              file=sys.stderr)
        return 1
    rebuild(runner)
    seen, stop = snapshot(root), stop or threading.Event()  # before serving: an edit made as
    # soon as the first site shows must not be taken for part of it
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serve: http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        while not stop.wait(poll):
            now = snapshot(root)
            if now != seen:
                seen = now
                took = rebuild(runner)
                if took is not None:
                    print(f"serve: rebuilt in {took:.1f}s", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
