"""Run one build in this process and print its stage lines, then its wall time and peak memory
(the largest of this process and of its children, and each apart: the children's figure is
that of the second interface's process, as a forked child's rusage counts what it was forked
from) as JSON on the last line."""

from __future__ import annotations

import json
import resource
import sys
import time

from tifa.cli import main

if __name__ == "__main__":
    started = time.perf_counter()
    code = main(sys.argv[1:])
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": max(own, children) / 1024,
                      "own_mb": own / 1024, "children_mb": children / 1024}))
