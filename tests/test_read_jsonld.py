"""The JSON-LD fallback: a page whose article text is only in its schema.org JSON-LD.

Such pages render the story with JavaScript; the HTML holds a photo caption, which
trafilatura takes as the main text (too short to be the article), while the page's
``NewsArticle`` carries the whole ``articleBody``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from rewrite_cli.read import read_bytes, read_path
from rewrite_cli.read.jsonld import body_paragraphs, jsonld_article

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def test_page_with_text_only_in_json_ld_gives_the_whole_article() -> None:
    document = read_path(FIXTURES / "jsonld-only.html")

    assert len(document.paragraphs) == 5
    assert document.paragraphs[0].startswith("Engineers opened the spillway")
    assert document.paragraphs[-1].endswith("whether to close the spillway.")
    assert '"The dam itself is sound' in document.paragraphs[2]
    assert not any("Photo: Gazette staff" in p for p in document.paragraphs)
    assert document.title == "Valley Dam Spillway Opened After Week of Rain"
    assert "Priya Castell" in document.meta.author and "Owen Tarrant" in document.meta.author
    assert document.meta.date and document.meta.date.startswith("2025-02-11")
    assert document.meta.site_name == "Hillcrest Gazette"
    assert [s.name for s in document.meta.sources] == ["Hillcrest Gazette"]


def test_html_text_wins_when_it_is_the_article() -> None:
    """A page whose HTML has the full article keeps it; JSON-LD is only a fallback."""
    body = " ".join(["The council met on Monday and voted on the budget."] * 8)
    page = _page(html_body=f"<article><p>{body}</p></article>", article_body="Short teaser.")
    document = read_bytes(page.encode(), path="page.html")
    assert document.paragraphs == [body]


def test_articles_in_lists_and_graphs_and_plain_author_strings() -> None:
    body = "First paragraph of the story.\nSecond paragraph of the story."
    listed = json.dumps([{"@type": "WebPage"}, {"@type": "Article", "articleBody": body,
                         "author": "Ada Byrne", "publisher": "Northern Post"}])
    found = jsonld_article(f'<html><head><script type="application/ld+json">{listed}'
                           "</script></head><body></body></html>")
    assert found is not None
    assert found.paragraphs == ["First paragraph of the story.", "Second paragraph of the story."]
    assert found.authors == ["Ada Byrne"]
    assert found.publisher == "Northern Post"


def test_page_without_an_article_in_json_ld() -> None:
    script = '<script type="application/ld+json">{}</script>'
    assert jsonld_article(script.format('{"@type": "WebSite"}')) is None
    assert jsonld_article(script.format("{not json")) is None


def test_article_body_with_markup_becomes_plain_paragraphs() -> None:
    assert body_paragraphs("<p>One &amp; two.</p><p>Three   four.</p>") == [
        "One & two.", "Three four."]


def html_extraction():
    """``scripts/html_extraction.py``, whose ``empty_body`` makes the caption-only page that
    both the script's measurements and this test read."""
    spec = importlib.util.spec_from_file_location("html_extraction", SCRIPTS / "html_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_saved_page_emptied_to_a_caption_keeps_its_json_ld_text(shared_dir: Path) -> None:
    """A real page (National Geographic) with its body replaced by a long photo caption."""
    page = (shared_dir / "eval/html/nationalgeographic.co.uk.goats.html").read_text(
        encoding="utf-8")
    full = read_bytes(page.encode(), path="goats.html")
    emptied = read_bytes(html_extraction().empty_body(page).encode(), path="goats.html")

    words = sum(len(p.split()) for p in emptied.paragraphs)
    assert words > 1000
    assert words >= 0.95 * sum(len(p.split()) for p in full.paragraphs)
    assert emptied.meta.site_name == "National Geographic"


def _page(*, html_body: str, article_body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "articleBody": article_body})
    return (f'<html><head><title>A page</title><script type="application/ld+json">{data}'
            f"</script></head><body>{html_body}</body></html>")
