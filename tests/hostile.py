"""What the hostile-input tests check rendered output for: active links and tags (our own checker, on the
standard library's HTML parser and markdown-it, the parser Rich renders Markdown with)."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "link", "meta", "base",
                  "form", "frame", "frameset", "video", "audio", "source", "template"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
SAFE_TAGS = {"html", "meta", "title", "article", "h1", "h2", "h3", "p", "a", "ol", "ul", "li", "em", "strong",
             "code", "pre", "br", "hr", "main", "blockquote", "body", "head", "section", "span", "b"}


class _Active(HTMLParser):
    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS and not (tag == "meta" and all(k == "charset" for k, _ in attrs)):
            self.found.append(f"<{tag}>")
        elif tag not in self.allowed:
            self.found.append(f"unexpected <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name in URL_ATTRS and value is not None:
                target = "".join(value.split()).lower()
                if not (target.startswith(("http://", "https://", "#", "/")) or target == ""):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
                if tag == "a" and name == "href" and target == "":
                    self.found.append("<a href=''>")


def active_html(document: str, allowed: set[str] = SAFE_TAGS) -> list[str]:
    """Active tags, event handlers and non-http(s) link targets in an HTML document."""
    parser = _Active(allowed)
    parser.feed(document)
    parser.close()
    return parser.found


def active_markdown(text: str) -> list[str]:
    """What ``active_html`` finds once the Markdown is rendered (raw HTML on, as CommonMark allows)."""
    return active_html(MarkdownIt("commonmark", {"html": True}).render(text))
