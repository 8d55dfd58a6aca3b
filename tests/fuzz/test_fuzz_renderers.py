"""Every renderer (Markdown, HTML, RSS, terminal) over briefs made of hostile text and URLs: nothing
rendered holds an active link or tag, the RSS stays well-formed XML, the terminal never raises."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fuzzing import budget, hostile_text, hostile_url
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from hostile import active_html, active_markdown
from storydesk.brief.render import render, to_rss
from storydesk.model import Brief, BriefSentence, SourceRef, Support
from storydesk.safety import term

sections = st.sampled_from(["lede", "fact", "quote", "timeline", "background"]) | hostile_text
briefs = st.builds(
    lambda head, texts, refs, section: Brief(
        story_id="st-fuzz", headline=head,
        sentences=[BriefSentence(t, section if i else "lede", [f"a{i % max(1, len(refs))}"],
                                 [Support(f"a{i}", t)], extra={"date": t}) for i, t in enumerate(texts)],
        sources=[SourceRef(f"a{i}", url, outlet, title, published) for i, (url, outlet, title, published)
                 in enumerate(refs)],
        created_at="2026-01-01T00:00:00Z", coverage={"articles": head, "outlets": 2, "first_seen": head}),
    hostile_text, st.lists(hostile_text, min_size=1, max_size=4),
    st.lists(st.tuples(hostile_url, hostile_text, hostile_text, hostile_text | st.none()), max_size=4),
    sections)


@budget(300)
@given(briefs)
def test_html_and_rss_hold_no_active_content(brief: Brief) -> None:
    assert active_html(render(brief, "html")) == []
    feed = ET.fromstring(to_rss([brief]))
    for item in feed.iter("item"):
        assert active_html(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "") == []


@budget(300)
@given(briefs)
def test_markdown_holds_no_link_or_tag(brief: Brief) -> None:
    assert active_markdown(render(brief, "md")) == []


@budget(300)
@given(st.lists(hostile_text | hostile_url, min_size=1, max_size=4))
def test_terminal_prints_stored_text_as_written(values: list[str]) -> None:
    console = Console(record=True, width=300, color_system=None, force_terminal=True)
    table = Table(title=term(values[0]))
    for _ in values:
        table.add_column("c", overflow="fold")
    table.add_row(*(term(v) for v in values))
    console.print(table)
    console.print(f"[red]rejected[/] {term(values[-1])}")
    out = console.export_text()
    assert "\x1b" not in out
