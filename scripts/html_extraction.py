"""Measure what the read stage extracts from saved web pages: words, title, site name.

Used to compare extraction before and after a change to ``read/html.py`` (for example the
JSON-LD fallback): run it on both versions and compare the tables. ``--empty-body`` first
replaces each page's <body> with its scripts and one photo caption, which is what a page
that renders its story with JavaScript looks like to us (trafilatura finds the caption);
``tests/test_read_jsonld.py`` makes its caption-only page with the same ``empty_body``.

    PYTHONPATH=src python scripts/html_extraction.py [--empty-body] ../shared/eval/html/*.html
"""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html

from rewrite_cli.errors import RewriteError
from rewrite_cli.read import read_bytes

# Long enough (over 250 characters) that trafilatura keeps it as the main text instead of
# trying its own fallbacks, as on the page that showed the problem.
CAPTION = (
    '<main><figure><img src="photo.jpg" alt=""></figure><p>A crowd gathers outside the '
    "building on Monday morning as officials arrive for the meeting, while police officers "
    "keep the road clear and volunteers hand out water to people who have waited since "
    "dawn in the cold. Photo: Staff photographer for the newspaper</p></main>"
)


def empty_body(page: str) -> str:
    """The page with its <head>, its <script> elements and a photo caption as the body."""
    root = lxml.html.document_fromstring(page)
    body = root.find("body")
    if body is not None:
        scripts = list(body.iter("script"))
        for child in list(body):
            body.remove(child)
        body.text = ""
        body.append(lxml.html.fragment_fromstring(CAPTION))
        for script in scripts:
            script.tail = None
            body.append(script)
    return lxml.html.tostring(root, encoding="unicode")


def main(args: list[str]) -> None:
    emptied = "--empty-body" in args
    print("| page | words | title | site |")
    print("|---|---:|---|---|")
    for name in (a for a in args if a != "--empty-body"):
        path = Path(name)
        page = path.read_text(encoding="utf-8", errors="replace")
        if emptied:
            page = empty_body(page)
        try:
            document = read_bytes(page.encode("utf-8"), path=str(path))
        except RewriteError as exc:
            print(f"| {path.name} | error: {str(exc).split(': ', 1)[-1]} | | |")
            continue
        words = sum(len(p.split()) for p in document.paragraphs)
        title = (document.title or "")[:60]
        print(f"| {path.name} | {words} | {title} | {document.meta.site_name or ''} |")


if __name__ == "__main__":
    main(sys.argv[1:])
