"""The CI's own checks: zizmor and check-jsonschema catch faults planted in a copy of the pages
workflow, and .ci/pages_limits.py measures what upload-pages-artifact would publish."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent
CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
BUILD_PERMISSIONS = ("    permissions:\n      contents: read # checkout\n"
                     "      pages: read # configure-pages reads the site's address\n")


def _load_limits():
    spec = importlib.util.spec_from_file_location("pages_limits", REPO / ".ci" / "pages_limits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


limits = _load_limits()


def zizmor(path: Path) -> subprocess.CompletedProcess:
    """zizmor offline, as .ci/run runs it."""
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--strict-collection",
                           "--no-progress", str(path)], capture_output=True, text=True)


def schema(path: Path, name: str = "vendor.github-workflows") -> subprocess.CompletedProcess:
    """check-jsonschema against one of GitHub's schemas, as .ci/run runs it."""
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", name, str(path)],
                          capture_output=True, text=True)


def planted(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the pages workflow with ``old`` replaced by ``new`` (which must occur)."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pages.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_workflows_and_dependabot_pass_both_checkers():
    run = zizmor(REPO / ".github")
    assert run.returncode == 0, run.stdout
    runs = [schema(workflow) for workflow in WORKFLOW.parent.glob("*.yml")]
    runs.append(schema(REPO / ".github" / "dependabot.yml", "vendor.dependabot"))
    for run in runs:
        assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("old, new, audit", [
    (CHECKOUT, "actions/checkout@v7", "unpinned-uses"),
    ("        with:\n          persist-credentials: false\n", "", "artipacked"),
    (BUILD_PERMISSIONS, "    permissions: write-all\n", "excessive-permissions"),
    ("run: .venv/bin/python .ci/pages_limits.py site",
     'run: echo "${{ github.event.head_commit.message }}"', "template-injection"),
], ids=["unpinned action", "persisted credentials", "write permission", "template injection"])
def test_zizmor_fails_on_a_planted_fault(tmp_path: Path, old: str, new: str, audit: str):
    run = zizmor(planted(tmp_path, old, new))
    assert run.returncode != 0
    assert f"[{audit}]" in run.stdout


@pytest.mark.parametrize("old, new", [
    ("    runs-on: ubuntu-latest\n    timeout-minutes: 15", "    run-on: ubuntu-latest\n"
     "    timeout-minutes: 15"),
    ("timeout-minutes: 30", "timeout-minutes: half an hour"),
    ("permissions:\n      contents: read # checkout", "permissions:\n      contents: maybe"),
], ids=["misspelt key", "timeout not a number", "unknown permission level"])
def test_the_schema_fails_on_a_planted_fault(tmp_path: Path, old: str, new: str):
    run = schema(planted(tmp_path, old, new))
    assert run.returncode == 1
    assert "Schema validation errors" in run.stdout


def test_the_dependabot_schema_fails_on_a_planted_fault(tmp_path: Path):
    path = tmp_path / "dependabot.yml"
    text = (REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("interval: weekly", "interval: now and then"), encoding="utf-8")
    run = schema(path, "vendor.dependabot")
    assert run.returncode == 1 and "Schema validation errors" in run.stdout


def test_ci_and_the_workflow_install_through_one_script():
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    build = jobs["build"]
    assert build["container"]["image"].endswith("-bookworm")  # Debian 12, as on our machines
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert "bash .ci/setup" in runs
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nbash .ci/setup\n" in ci
    for script in [*runs, ci]:
        for install in ("apt-get", "pip install", "npm ci", "npm install"):
            assert install not in script, f"{install} outside .ci/setup: {script}"


def test_the_size_is_the_size_of_the_tar_pages_uploads(built_site: Path, tmp_path: Path):
    artifact = tmp_path / "artifact.tar"
    # the options actions/upload-pages-artifact passes to tar
    subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(built_site),
                    "-cf", str(artifact), "--exclude=.git", "--exclude=.github",
                    "--exclude=.[^/]*", "."], check=True)
    assert limits.tar_bytes(built_site) == artifact.stat().st_size
    assert limits.check(built_site) == (artifact.stat().st_size, [])


def test_a_site_over_the_limit_or_with_hidden_files_fails(built_site: Path, tmp_path: Path):
    site = shutil.copytree(built_site, tmp_path / "site")
    size = limits.tar_bytes(site)
    assert limits.check(site, limit=size) == (size, [])
    over, problems = limits.check(site, limit=size - 1)
    assert over == size and problems == [
        f"{site}: error: the Pages artifact would be {size:,} bytes, over the {size - 1:,}-byte "
        "limit"]
    (site / "assets" / ".cache").mkdir(parents=True)
    _, problems = limits.check(site)
    assert problems == [f"{site / 'assets' / '.cache'}: error: a name starting with '.' is left "
                        "out of the Pages artifact"]


def test_the_command_line_says_why_it_fails(tmp_path: Path):
    run = subprocess.run([sys.executable, str(REPO / ".ci" / "pages_limits.py"), str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{tmp_path}: error: no index.html; build the site first" in run.stderr
