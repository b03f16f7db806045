"""Corrections, the way editors on GitHub work: every section and term page ends with "Edit
this", which opens the page's source file (the section file, the glossary entry) in GitHub's
web editor, and "Report a problem", which opens a new issue with the page and its file filled
in; ``tifa.js`` adds a "Report" link to each paragraph's tools that fills in the paragraph, its
address and its text (or the words the reader selected in it).

The repository is one setting, ``repository: owner/name`` (and ``branch:``, by default
``main``) in ``content/site.yaml``; without the file, the Pages workflow's environment
(``GITHUB_REPOSITORY``, ``GITHUB_REF_NAME``) gives it; without either, no such link is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Mapping
from urllib.parse import quote, urlencode

from .errors import Problem, error
from .i18n import Interface
from .markup import nav_label, report_title
from .model import Page, Site
from .safety import clean_html
from .store import check_fields, field_line, parse_yaml, read_text, text_field

SETTINGS = "site.yaml"  # in content/
FIELDS = ("repository", "branch")
REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
BRANCH = re.compile(r"(?!.*(?:\.\.|//|@\{))[A-Za-z0-9._/-]{1,200}")
GITHUB = "https://github.com/"


@dataclass(frozen=True)
class Repository:
    """A GitHub repository and the branch the site is built from."""

    name: str
    branch: str = "main"

    def edit(self, path: str) -> str:
        """The address of GitHub's web editor for one file of the branch."""
        return f"{GITHUB}{self.name}/edit/{quote(self.branch)}/{quote(path)}"

    def new_issue(self, title: str = "", body: str = "") -> str:
        """The address of a new issue with its title and body filled in (or of the bare form,
        whose fields ``tifa.js`` fills in)."""
        query = urlencode({"title": title, "body": body}, quote_via=quote) if title else ""
        return f"{GITHUB}{self.name}/issues/new" + (f"?{query}" if query else "")


def _valid(name: str, branch: str) -> bool:
    return bool(REPOSITORY.fullmatch(name) and BRANCH.fullmatch(branch)
                and not branch.startswith("/") and not branch.endswith((".", "/", ".lock")))


def load_repository(content: Path, environ: Mapping[str, str],
                    problems: list[Problem]) -> Repository | None:
    """The repository of ``content/site.yaml``, else of the workflow's environment, else None.
    A malformed setting is an error; a malformed environment is ignored (no links)."""
    path = content / SETTINGS
    if not path.exists() and not path.is_symlink():
        name, branch = environ.get("GITHUB_REPOSITORY", ""), environ.get("GITHUB_REF_NAME", "")
        return Repository(name, branch or "main") if _valid(name, branch or "main") else None
    text = read_text(path, problems)
    data = parse_yaml(path, text, 1, problems) if text is not None else None
    if data is None:
        return None
    check_fields(path, text, data, FIELDS, problems)
    name = text_field(path, text, data, "repository", problems) or ""
    branch = text_field(path, text, data, "branch", problems) or "main"
    if _valid(name, branch):
        return Repository(name, branch)
    key, value = ("repository", name) if not REPOSITORY.fullmatch(name) else ("branch", branch)
    problems.append(error(path, field_line(text, key) or 1,
                          f"'{key}' is not a GitHub {key}: '{value}'",
                          "write 'repository: owner/name' (as in github.com/owner/name) and, if "
                          "the site is not built from main, 'branch: <branch>'"))
    return None


def _attribute(text: str) -> str:
    return escape(text, quote=True).replace("\n", "&#10;")


def _source(path: Path | None, root: Path) -> str:
    """A file's path in the repository (the project folder is its root), or ''."""
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ""


def correction_block(repo: Repository, source: str, where: str, ui: Interface) -> str:
    """The "Edit this · Report a problem" line of a page whose source file is ``source``
    (``where`` names the page in an issue's title), with what ``tifa.js`` needs to fill in a
    paragraph's issue."""
    _ = ui._
    title = _("Problem in %(where)s") % {"where": where}
    body = _("File: %(file)s") % {"file": source}
    paragraph = "\n".join([_("Page: %(url)s"), _("Paragraph: %(pid)s"), body, "",
                           "%(quote)s", "", _("What is wrong, and what should it say?"), ""])
    data = {"new": repo.new_issue(), "title": title + " ¶%(pid)s", "body": paragraph,
            "label": _("Flag"), "aria": _("Flag paragraph %(pid)s as wrong (opens a GitHub issue)")}
    attrs = " ".join(f'data-{k}="{_attribute(v)}"' for k, v in data.items())
    page_body = "\n".join([body, "", _("What is wrong, and what should it say?"), ""])
    edit = _("Edit this")
    report = _("Report a problem")
    note = _("on GitHub")
    return (f'<div class="tifa-fix" {attrs}><p><a class="tifa-fix-edit" '
            f'href="{escape(repo.edit(source), quote=True)}">{edit}</a> · '
            f'<a class="tifa-fix-report" href="{escape(repo.new_issue(title, page_body), True)}">'
            f"{report}</a> <small>({note})</small></p></div>")


def with_corrections(pages: list[Page], site: Site, repo: Repository | None, root: Path,
                     ui: Interface) -> list[Page]:
    """The pages with every section page and term page (and a term's page of one report)
    ending in its correction links; unchanged when there is no repository."""
    if repo is None:
        return pages
    sections = {(r.slug, s.key): (r, s) for r in site.reports for s in r.sections}
    entries = {e.slug: e for e in site.entries}
    for page in pages:
        ref = page.ref
        if ref.kind == "reader" and (ref.report, ref.section) in sections:
            report, section = sections[(ref.report, ref.section)]
            source = _source(section.path, root)
            where = f"{report_title(report, ui)} · {nav_label(section, ui)}"
        elif ref.kind in ("term", "term-report") and ref.term in entries:
            entry = entries[ref.term]
            source, where = _source(entry.path, root), f"{entry.zh} · {entry.en}"
        else:
            continue
        if source:  # as the sanitiser writes it, as all of tifa's HTML is written
            page.parts += (clean_html(correction_block(repo, source, where, ui)),)
    return pages
