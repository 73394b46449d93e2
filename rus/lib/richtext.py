"""Rich text that people write (newsletter blocks, guidance, descriptions) made safe to show.

Writers type plain text (a blank line starts a new paragraph) or paste simple HTML; either
way the result passes nh3 (the Rust ``ammonia`` sanitiser), which keeps only the tags below
and only http, https and mailto links. ``to_text`` gives the plain-text part of a mail.
"""

import re
from html.parser import HTMLParser

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "h3", "h4"}
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto"}
_BLOCK = re.compile(r"<(p|br|ul|ol|li|h3|h4|blockquote)\b", re.IGNORECASE)
_LINK = re.compile(r"<a\s", re.IGNORECASE)
_URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:!?)])")


def clean(value: str) -> str:
    """Safe HTML from what a writer typed or pasted."""
    value = (value or "").replace("\r\n", "\n").strip()
    if not value:
        return ""
    if not _BLOCK.search(value):
        # Typed text: blank lines part paragraphs, and bare addresses become links.
        if not _LINK.search(value):
            value = _URL.sub(r'<a href="\1">\1</a>', value)
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return _sanitised(value, TAGS, ATTRIBUTES)


def _sanitised(html: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


# What a newsletter's own layout uses, for showing a sent issue on the site.
PAGE_TAGS = TAGS | {"div", "h1", "h2", "figure", "figcaption", "img"}
PAGE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}


def for_page(html: str) -> str:
    """A sent mail's HTML as part of a page: the inline styles that mail programs need are
    dropped (the site's Content Security Policy refuses inline styles; the site's stylesheet
    lays it out), and the rest passes the sanitiser again."""
    return _sanitised(html, PAGE_TAGS, PAGE_ATTRIBUTES)


class _Text(HTMLParser):
    BLOCKS = {"p", "blockquote", "h3", "h4", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" <{self.href}>")
            self.href = None
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def to_text(value: str) -> str:
    """Plain text of safe HTML, links written out, for the text part of a mail."""
    parser = _Text()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
