"""The shape of the code: the model at the bottom, the stages beside each other above it, the
renderer adapter and the pipeline on top; only the adapter knows MkDocs and the URL scheme.

``python tests/test_architecture.py`` prints the floors of the import graph.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tifa"

LAYERS = {  # lower number = lower layer; a module may import only from lower layers
    0: {"model", "errors"},  # the data the stages exchange, and problems
    1: {"i18n", "safety", "guard", "markup", "charts", "figures", "split", "trim", "store",
        "annotate", "memory", "xliff", "pagecache"},
    2: {"ingest", "glossary", "resolve", "checks", "series", "pages", "termpages", "trendpages",
        "exports", "search", "downloads", "feed", "corrections"},  # stages
    3: {"render"},  # the renderer adapter
    4: {"pipeline", "serve", "cat"},  # the stages in order; preview; translators' commands
    5: {"cli"},  # the editors' commands
}
TOOLS_MAY_SHARE = 1  # tools may use each other (store reads split rules, glossary uses store)
ADAPTER_ONLY = re.compile(  # what only render.py may write: MkDocs imports, .md links, addresses
    r"^\s*(import|from) (mkdocs|material)\b|\.md#|\.md\)|/#|\}/[\"']|\]\((reports|glossary|\.\./)"
    r"|[\"']\.\./", re.M)


def imports(path: Path) -> set[str]:
    """The tifa modules ``path`` imports at run time (not those under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif (node.module or "").startswith("tifa."):
            found.add(node.module.split(".")[1])
    return found


def graph() -> dict[str, set[str]]:
    """Every tifa module and the tifa modules it imports."""
    return {p.stem: imports(p) for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def floors(edges: dict[str, set[str]]) -> dict[str, int]:
    """0 for a module importing no tifa module, else one more than the highest it imports."""
    out: dict[str, int] = {}

    def floor(module: str, path: tuple[str, ...] = ()) -> int:
        assert module not in path, f"import cycle: {' → '.join(path + (module,))}"
        if module not in out:
            out[module] = 1 + max((floor(m, path + (module,)) for m in edges[module]),
                                  default=-1)
        return out[module]

    for module in edges:
        floor(module)
    return out


def layer_of(module: str) -> int:
    """The layer a module is placed in (``LAYERS``)."""
    return next(n for n, names in LAYERS.items() if module in names)


def test_every_module_has_a_layer():
    placed = set().union(*LAYERS.values())
    assert sorted(set(graph()) - placed) == [], "add new modules to LAYERS (and to the picture " \
                                                "in docs/architecture.md)"
    assert sorted(placed - set(graph())) == []


def test_imports_go_down_the_layers_and_stages_do_not_import_each_other():
    wrong = [(m, d) for m, deps in graph().items() for d in deps
             if layer_of(d) > layer_of(m)
             or layer_of(d) == layer_of(m) and layer_of(m) != TOOLS_MAY_SHARE]
    assert wrong == []


def test_the_model_is_the_bottom_and_pipeline_the_top():
    found = floors(graph())
    assert found["model"] == 0 and graph()["model"] == set()
    assert found["pipeline"] == max(found[m] for m in found if m not in LAYERS[5])
    assert {m for m, deps in graph().items() if "render" in deps} == {"pipeline"}


def test_only_the_adapter_knows_mkdocs_and_writes_addresses():
    hits = [f"{p.name}:{p.read_text('utf-8').count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for p in sorted(PACKAGE.glob("*.py")) if p.stem != "render"
            for m in ADAPTER_ONLY.finditer(p.read_text("utf-8"))]
    assert hits == []


def test_the_adapter_check_catches_a_hand_built_link():
    assert ADAPTER_ONLY.search('f"[{p.pid}]({section.key}.md#{p.pid})"')
    assert ADAPTER_ONLY.search("f'<a href=\"../../reports/{slug}/{key}/#{pid}\">'")
    assert ADAPTER_ONLY.search('url = f"glossary/{e.slug}/"')
    assert ADAPTER_ONLY.search("    from mkdocs.config import load_config")


if __name__ == "__main__":
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE
    PACKAGE = package
    by_floor = floors(graph())
    for n in range(max(by_floor.values()) + 1):
        print(n, " ".join(sorted(m for m, f in by_floor.items() if f == n)))
