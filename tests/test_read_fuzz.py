"""Property-based fuzz of the readers: any bytes in, a Document or the project's own error out.

A third-party parser (YAML, trafilatura/htmldate, lxml, markdown-it, charset-normalizer)
failing on hostile input must never escape as a traceback. The CI profile keeps this
file under about 30 seconds; ``HYPOTHESIS_PROFILE=long`` runs many more examples (see
the README's Development section).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rewrite_cli.document import Document
from rewrite_cli.errors import RewriteError
from rewrite_cli.read import read_bytes
from rewrite_cli.read.text import MAX_TITLE_CHARS

SUFFIXES = ["x.txt", "x.md", "x.html", "x.htm", "-", "x"]

HTML_PIECES = [
    "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>", "<svg>",
    "</svg>", "<math>", "<article>", "</article>", "<div class='related-links'>", "</div>",
    "<title>", "</title>", "<h1>", "</h1>", "<ul><li>", "</li></ul>", "<br>", "<table><tr><td>",
    "<meta name='date' content='2024-13-45'>", "<meta property='og:title' content='\x01'>",
    "<time datetime='2024-02-30'>", "<script>", "</script>", "<!--", "-->", "<![CDATA[",
    "<?xml version='1.0'?>", "<!DOCTYPE html>", "&amp;", "&#0;", "&#xD800;", "<p class='note'>",
    "This post originally appeared on Grist.", "\x00", "\x0b", "\x0c", "\x1b[31m", "\ufffe",
    "html", "The council said on Monday that the harbour bridge would reopen. ",
]
YAML_PIECES = [
    "title: ", "date: ", "time: ", "sources: ", "source: ", "author: ", "url: ", "site: ",
    "2024-13-45", "2024-02-30", "25:99:99", "!!float x", "!!binary aGVsbG8=", "!!set {a, b}",
    "!!python/object:os.system", "&a [x, x]", "*a", "[", "]", "{", "}", "- ", "? ", ": ",
    "'", '"', "|", ">", "\n", "  ", "BBC", "null", "~", "yes", "1e400", "0x1F", "!!timestamp x",
    "!!int y", "!!bool maybe", "&b [*a, *a]", "%YAML 1.1\n", "---", "...", "#",
]
MARKDOWN_PIECES = [
    "# ", "## ", "\n", "\n\n", "> ", "- ", "* ", "1. ", "```", "    ", "[link](http://x)",
    "![img](x)", "**", "_", "<div>", "</div>", "Source: BBC", "By Jane Doe", "|a|b|\n|-|-|",
    "The mayor said the bridge would reopen on Monday. ", "x" * 300,
]


def pieces(choices: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(choices), st.text(max_size=20)), max_size=40).map(
        "".join
    )


def check_reader(data: bytes, path: str) -> None:
    """The property: a Document with plain-text fields, or a RewriteError, nothing else."""
    try:
        document = read_bytes(data, path=path)
    except RewriteError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(document, Document)
    assert all(isinstance(p, str) and p for p in document.paragraphs)
    meta = document.meta
    for value in (document.title, meta.title, meta.author, meta.date, meta.url, meta.site_name):
        assert value is None or isinstance(value, str)
    assert document.title is None or len(document.title) <= MAX_TITLE_CHARS
    assert all(isinstance(s.name, str) and s.name for s in meta.sources)


SLOW_PARSERS = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_random_bytes(data: bytes, path: str) -> None:
    check_reader(data, path)


@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1"]),
       st.sampled_from(SUFFIXES))
def test_random_text_in_any_encoding(text: str, encoding: str, path: str) -> None:
    check_reader(text.encode(encoding, errors="replace"), path)


@SLOW_PARSERS
@given(pieces(HTML_PIECES), st.sampled_from(["x.html", "-"]))
def test_random_html(html: str, path: str) -> None:
    check_reader(html.encode("utf-8", errors="surrogatepass"), path)


@SLOW_PARSERS
@given(pieces(YAML_PIECES), pieces(MARKDOWN_PIECES), st.sampled_from(["x.md", "-", "x.txt"]))
def test_random_front_matter_and_markdown(front: str, body: str, path: str) -> None:
    text = f"---\n{front}\n---\n{body}"
    check_reader(text.encode("utf-8", errors="surrogatepass"), path)
