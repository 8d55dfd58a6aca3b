"""Defects 1 and 2 of issue 17: rendered links and text (md, html, rss, terminal) carry no active content."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from hostile import active_html, active_markdown
from storydesk.brief.render import render, to_rss
from storydesk.model import Brief, BriefSentence, SourceRef, Support
from storydesk.safety import html_link, md_link, safe_url, term, term_marked, unmarked

NASTY_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
              "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x",
              "http:javascript:alert(1)", "https://", "http://a\\@evil/", "\x00javascript:alert(1)"]
NASTY_TEXT = ('<iframe src="javascript:alert(1)"></iframe> <img src=x onerror=alert(1)> '
              "[click](javascript:alert(1)) <javascript:alert(1)> ![i](javascript:x) [/] [fd00::1] \\[a](javascript:b)")


def hostile_brief(url: str = "javascript:alert(1)") -> Brief:
    sup = Support("a1", '"><script>alert(1)</script>')
    return Brief(
        story_id="st-1", headline="<script>alert(1)</script> [x](javascript:y)",
        sentences=[BriefSentence(NASTY_TEXT, "lede", ["a1"], [sup]),
                   BriefSentence(NASTY_TEXT, 'fact onmouseover="alert(1)', ["a2"], [sup])],
        sources=[SourceRef("a1", url, '<b onclick="x">Outlet</b>', '<img src=x onerror=alert(1)>', "2026-01-01"),
                 SourceRef("a2", "https://ok.example/a?b=1&c=(2)", "Out)let", "fine [title](javascript:z)", None)],
        created_at="2026-01-01T00:00:00Z")


@pytest.mark.parametrize("url", NASTY_URLS)
def test_unsafe_urls_are_never_links(url: str) -> None:
    assert safe_url(url) is None
    assert "href" not in html_link(url, "t")
    assert "](" not in md_link(url, "t")


def test_http_links_kept_and_encoded() -> None:
    assert safe_url("https://ok.example/a b\"c") == "https://ok.example/a%20b%22c"
    assert html_link("http://ok.example/", "t").startswith('<a href="http://ok.example/"')


@pytest.mark.parametrize("url", NASTY_URLS)
def test_html_and_rss_exports_carry_no_script(url: str) -> None:
    brief = hostile_brief(url)
    assert active_html(render(brief, "html")) == []
    rss = ET.fromstring(to_rss([brief]))
    for item in rss.iter("item"):
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
        assert active_html(encoded) == []
    assert 'href="https://ok.example/a?b=1&amp;c=%282%29"' in render(brief, "html")


@pytest.mark.parametrize("url", NASTY_URLS)
def test_markdown_export_carries_no_link_or_tag(url: str) -> None:
    md = render(hostile_brief(url), "md")
    assert active_markdown(md) == []
    assert "(<https://ok.example/a?b=1&c=%282%29>)" in md


def test_rss_drops_characters_xml_forbids() -> None:
    brief = hostile_brief()
    brief.headline = "bell\x07 and \x00 nul"
    ET.fromstring(to_rss([brief]))  # parses: no invalid XML characters


@pytest.mark.parametrize("text", ["[/]", "http://10.0.0.1/news[/]story", "[fd00::1]", "[bold red]x", "a\\",
                                  "\x1b[2J\x1b]0;title\x07", "[link=javascript:x]y[/link]"])
def test_terminal_text_prints_as_written(text: str) -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(f"[red]rejected[/] {term(text)}: done")
    out = console.export_text()
    assert "\x1b" not in out
    assert text.replace("\x1b", "").replace("\x07", "") in out.replace("\n", "")


def test_term_marked_styles_the_match_and_escapes_the_rest() -> None:
    text = "[/] a \x1b[31m \x02[bold]pier\\\x03 closed \x02ferry\x03"
    markup = term_marked(text)
    console = Console(force_terminal=True, color_system="standard", width=200)
    with console.capture() as cap:
        console.print(markup, highlight=False)
    out = cap.get()
    assert "[/] a " in out and "\x1b[31m" not in out, "markup and terminal escapes are printed as text"
    assert "\x1b[1;7m[bold]pier\\\x1b[0m" in out and "\x1b[1;7mferry\x1b[0m" in out
    assert unmarked(text) == "[/] a \x1b[31m [bold]pier\\ closed ferry"
