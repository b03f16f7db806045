"""`python build.py serve`: live preview that rebuilds on an editor's change."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

from conftest import FIXTURES, copy_project

from tifa.cli import Runner
from tifa.serve import serve

ENTRY = """---
zh: 高质量发展
en: high-quality development
category: development
scope: national
---
{definition}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_after_a_glossary_edit_and_survives_a_mistake(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    entry = root / "content" / "glossary" / "gao-zhi-liang-fa-zhan.md"
    entry.parent.mkdir(parents=True)
    entry.write_text(ENTRY.format(definition="First definition."), encoding="utf-8")
    port = free_port()
    runner = Runner(root, strict=False, quiet=True)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(runner, port), kwargs={"poll": 0.2,
                                                                        "stop": stop})
    thread.start()
    page = f"http://127.0.0.1:{port}/glossary/gao-zhi-liang-fa-zhan/"
    assert wait_for(page, "First definition.")
    entry.write_text(ENTRY.format(definition="Second definition."), encoding="utf-8")
    assert wait_for(page, "Second definition.")
    entry.write_text("---\nzh: [broken\n---\n", encoding="utf-8")
    time.sleep(1.5)
    assert "Second definition." in fetch(page)  # the last good site is still served
    entry.write_text(ENTRY.format(definition="Third definition."), encoding="utf-8")
    assert wait_for(page, "Third definition.")
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
