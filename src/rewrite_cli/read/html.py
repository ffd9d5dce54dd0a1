"""Web pages: the article body and its metadata, without navigation, comments or widgets.

trafilatura finds the main text and the metadata (title, site name, author, date, URL).
Three things are added around it:

- Before extraction, blocks whose class or id names them as page furniture ("related",
  "nextstory", "share", "newsletter", ...) are removed. On pages where trafilatura falls
  back to a whole-page heuristic, those teasers otherwise come out as body text.
- After extraction, the body is walked as trafilatura's element tree instead of flat
  text: headings are dropped (see read.markdown for why), except one that introduces a
  list, which is kept so the clean stage can recognise "Related articles:"-style link
  lists; list items become paragraphs.
- An editor's note outside the body ("This post originally appeared on Grist.") adds the
  outlet it names to the sources.
- When the main text is too short (a page that renders its story with JavaScript keeps
  only a photo caption in the HTML), the article the page declares in its JSON-LD is
  read instead (see ``read.jsonld``).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from rewrite_cli.document import Metadata
from rewrite_cli.errors import InputError
from rewrite_cli.read.jsonld import JsonLdArticle, jsonld_article
from rewrite_cli.read.text import MAX_TITLE_CHARS, ParsedArticle, add_sources

# Matched against each class name and the id: the furniture word must end the name or be
# followed only by container words, so "post-share-enabled" on an article is kept.
_FURNITURE = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:related|nextstory|next-?post|next-?story|read-?next|recommended|"
    r"share|sharing|social|newsletter|subscribe|comments?|disqus|promo|sidebar|advert|"
    r"adslot|ads?|cookies?|consent|breadcrumbs?|outbrain|taboola)"
    r"(?:[-_]?(?:posts?|articles?|stories|links?|box|widgets?|wrapper|container|bar|"
    r"buttons?|tools|block|section|list|area|module|thumbnails?|content|slot))*$",
    re.IGNORECASE,
)
_KEEP_TAGS = {"html", "body", "main", "article"}
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
_WHITESPACE = re.compile(r"\s+")
_MIN_TITLE_WORDS = 3
_MAX_FURNITURE_SHARE = 0.5
_NOTE_LABEL = re.compile(r"note|source|credit|origin|republish|syndicat", re.IGNORECASE)
# The JSON-LD body replaces trafilatura's text when that text is shorter than an article
# can be (the clean stage's minimum), or under this share of the JSON-LD body's words.
_MIN_BODY_WORDS = 25
_MIN_SHARE_OF_JSONLD = 0.5


def parse_html(text: str, *, name: str = "-") -> ParsedArticle:
    """Extract the main article of a web page into a title, paragraphs and metadata.

    Metadata is read from the untouched page (a removed "related" box can carry the date
    trafilatura would otherwise find); the body from the page without its furniture.
    """
    from trafilatura import bare_extraction

    try:
        extracted = bare_extraction(
            strip_furniture(text),
            with_metadata=False,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=False,
        )
    except Exception as exc:  # a third-party parser's failure is the page's, not ours
        raise InputError(
            f"{name}: cannot parse this HTML page ({type(exc).__name__} in the extractor)"
        ) from None
    has_body = extracted is not None and extracted.body is not None
    paragraphs = body_paragraphs(extracted.body) if has_body else []
    declared = _fallback_article(text, paragraphs)
    if declared is not None:
        paragraphs = declared.paragraphs
    if not paragraphs:
        raise InputError(f"{name}: no article text found in this HTML page")
    meta = page_metadata(text)
    if declared is not None:
        _fill_from_jsonld(meta, declared)
    if meta.site_name:
        add_sources(meta, [meta.site_name], url=meta.url)
    add_sources(meta, republished_from(text))
    return ParsedArticle(title=meta.title, paragraphs=paragraphs, meta=meta)


def page_metadata(text: str) -> Metadata:
    """Title, author, date, URL and site name, or none of them when the page defeats the
    metadata extractor (htmldate asserts on some malformed trees): the body text is
    still good, and missing metadata only means a plainer note."""
    from trafilatura.metadata import extract_metadata

    try:
        found = extract_metadata(text)
    except Exception:  # a third-party parser's failure: degrade to no metadata
        return Metadata()
    site_name = _clean(found.sitename)
    title = page_title(_clean(found.title), site_name)
    return Metadata(
        title=title if title and len(title) <= MAX_TITLE_CHARS else None,
        author=_clean(found.author),
        date=_clean(found.date),
        url=_clean(found.url),
        site_name=site_name,
    )


def _fallback_article(text: str, paragraphs: list[str]) -> JsonLdArticle | None:
    """The JSON-LD article, when the HTML gave too little text and it has (much) more."""
    if "articleBody" not in text:
        return None
    declared = jsonld_article(text)
    words = sum(len(p.split()) for p in paragraphs)
    if declared is None or declared.words <= words:
        return None
    if words < _MIN_BODY_WORDS or words < _MIN_SHARE_OF_JSONLD * declared.words:
        return declared
    return None


def _fill_from_jsonld(meta: Metadata, declared: JsonLdArticle) -> None:
    """The JSON-LD names what the page's meta tags left out; the meta tags win otherwise."""
    meta.title = meta.title or declared.headline
    meta.author = meta.author or (", ".join(declared.authors) or None)
    meta.date = meta.date or declared.date_published
    meta.site_name = meta.site_name or declared.publisher


def republished_from(text: str) -> list[str]:
    """Outlets named by an editor's note such as "This post originally appeared on Grist."

    Such notes sit outside the article body, where trafilatura rightly leaves them, but
    the outlet they name did the reporting and must be credited.
    """
    from rewrite_cli.clean import note_sources  # clean imports read; import at call time

    try:
        root = lxml.html.document_fromstring(text)
    except (etree.LxmlError, ValueError):
        return []
    names: list[str] = []
    for element in root.iter("p", "div", "section", "span", "aside", "footer"):
        labels = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _NOTE_LABEL.search(labels):
            names += note_sources(_squash(element.text_content()))
    return names


def strip_furniture(text: str) -> str:
    """Remove elements whose class/id marks them as related links, share bars, ads, etc."""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.LxmlError, ValueError):
        return text
    page_chars = len(root.text_content())
    doomed = [
        element
        for element in root.iter(tag=etree.Element)
        if element.tag not in _KEEP_TAGS
        and is_furniture(element)
        and not _holds_the_article(element, page_chars)
    ]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def _holds_the_article(element: etree._Element, page_chars: int) -> bool:
    """A layout wrapper named like furniture ("with-sidebar") can contain the article."""
    if element.find(".//article") is not None or element.find(".//h1") is not None:
        return True
    return len(element.text_content()) > _MAX_FURNITURE_SHARE * page_chars


def is_furniture(element: etree._Element) -> bool:
    """Whether the element's class or id names it as page furniture."""
    names = [*(element.get("class") or "").split(), element.get("id") or ""]
    return any(_FURNITURE.match(name) for name in names if name)


def body_paragraphs(body: etree._Element) -> list[str]:
    """Paragraph texts from trafilatura's body tree, in document order.

    A quote (an embedded tweet, a pull quote) gives its paragraphs and, separately, its
    loose text, which is where a tweet's "— Name (@handle) date" signature sits.
    """
    paragraphs: list[str] = []
    for element in body.iter("p", "head", "quote", "item"):
        if element.tag == "head":
            following = element.getnext()
            if following is None or following.tag != "list":
                continue
        if element.tag == "p" and _inside(element, ("item", "quote")):
            continue
        if element.tag == "quote" and element.find("p") is not None:
            texts = [element_text(child) for child in element.iter("p")]
            loose = [element.text or "", *(child.tail or "" for child in element)]
            texts.append(_squash(" ".join(loose)))
        else:
            texts = [element_text(element)]
        paragraphs.extend(text for text in texts if text)
    return paragraphs


def element_text(element: etree._Element) -> str:
    """Visible text with a space at each line break (``itertext`` would glue the lines)."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "lb" else element_text(child))
        parts.append(child.tail or "")
    return _squash("".join(parts))


def _squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _inside(element: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def page_title(title: str | None, site_name: str | None) -> str | None:
    """The headline without the " | Site | date" tail that pages put in <title>."""
    if not title:
        return None
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.partition(separator)
        if separator == " | " and len(head.split()) >= _MIN_TITLE_WORDS:
            return head.strip()
        if site_name and _same_name(tail, site_name):
            return head.strip()
    return title


def _same_name(left: str, right: str) -> bool:
    def norm(value: str) -> str:
        return re.sub(r"[^a-z0-9]", "", value.casefold().removesuffix(".com"))

    return norm(left) == norm(right) or norm(left) == norm(right.split(".")[0])


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = _WHITESPACE.sub(" ", value).strip()
    return value or None
