"""Briefs as Markdown, JSON, HTML and RSS."""

from __future__ import annotations

import json
from typing import Any

from ..model import Brief, BriefSentence, to_dict
from ..safety import html_link, html_text, md_link, md_text, xml_text
from ..stories.figure_text import line_from_rows
from . import perspectives_view

SECTION_TITLES = {
    "lede": None, "earlier": "Earlier", "fact": "Key facts", "figure": "Key figures", "quote": "Who said what",
    "reaction": "Reactions", "analysis": "Analysis and outlook", "outlook": "Analysis and outlook",
    "background": "Background", "timeline": "Timeline",
}
PROSE = {"lede", "summary"}  # the opening paragraph: the latest development, as prose


def ref_numbers(brief: Brief) -> dict[str, int]:
    """Citation numbers: one per Related Source; a syndicated copy shares its original's number."""
    numbers: dict[str, int] = {}
    for n, ref in enumerate(brief.sources, 1):
        numbers[ref.id] = n
        for dup in ref.duplicates:
            numbers[dup] = n
    return numbers


def to_json(brief: Brief) -> dict[str, Any]:
    data = to_dict(brief)
    for src in data["sources"]:
        src["title"] = src["title"] or ""
    return data


def to_markdown(brief: Brief) -> str:
    nums = ref_numbers(brief)
    lines = [f"# {md_text(brief.headline)}", ""]
    cov = brief.coverage
    if cov:
        lines += [md_text(f"*{cov.get('articles')} articles from {cov.get('outlets')} outlets, "
                          f"{str(cov.get('first_seen') or '?')[:10]} to {str(cov.get('last_seen') or '?')[:10]}. "
                          f"Version {brief.version}.*"), ""]
    prose = [f"{md_text(s.text)} {_marks(s, nums)}" for s in shown(brief) if s.section in PROSE]
    if prose:
        lines += [" ".join(prose), ""]
    current = None
    for s in shown(brief):
        if s.section in PROSE:
            continue
        title = SECTION_TITLES.get(s.section)
        if title and title != current:
            lines += ["", f"## {title}", ""]
            current = title
        flag = " *(single source)*" if s.extra.get("single_source") else ""
        when = f"**{md_text(str(s.extra['date'])[:10])}**: " if s.extra.get("date") else ""
        before = " *(before this story)*" if s.section == "timeline" and s.extra.get("background") else ""
        figure = figure_note(s, nums, md_text)
        if s.extra.get("contradicts"):  # beside the claim it answers
            lines.append(f"  - *Contradicting this:* {md_text(s.text)} {_marks(s, nums)}")
            continue
        lines.append(f"- {when}{md_text(s.text)} {_marks(s, nums)}{flag}{before}{figure and f' *{figure}*'}")
    lines += perspectives_view.to_markdown(brief, nums)
    apart = set(brief.coverage.get("also_covering") or [])
    lines += ["", "## Related Sources", ""]
    for group in (False, True):
        if group and apart:
            lines += ["", "Also covering this story (not cited above):", ""]
        for n, ref in enumerate(brief.sources, 1):
            if (ref.id in apart) != group:
                continue
            date = (ref.published or "")[:10]
            link = md_link(ref.url, ref.title or ref.url or ref.id)
            dup = f" (+{len(ref.duplicates)} syndicated copies)" if ref.duplicates else ""
            lines.append(f"{n}. {md_text(ref.outlet)}, {link}, {md_text(date)}{dup}")
    return "\n".join(lines).strip() + "\n"


def shown(brief: Brief) -> list[BriefSentence]:
    """The sentences a reader sees: all of them with ``--full`` (coverage["full"]), else the default budget."""
    full = bool(brief.coverage.get("full"))
    return [s for s in brief.sentences if full or not s.extra.get("more")]


def figure_note(s: BriefSentence, nums: dict[str, int], escape: Any) -> str:
    """A Key figures line's values by outlet (``about 600 tons (NPR [1], RT [3]); outlets agree``), escaped with
    ``escape``; empty unless two or more articles give the figure."""
    fig = s.extra.get("figure") if s.section == "figure" else None
    rows = (fig or {}).get("values") or []
    if len({r.get("article_id") for r in rows}) < 2:
        return ""
    safe = [{**r, "outlet": escape(str(r.get("outlet") or "")), "shown": escape(str(r.get("shown") or ""))}
            for r in rows]
    label = escape(str(fig.get("label") or "")) if fig else ""
    line = line_from_rows(safe, str(fig.get("status") if fig else ""), lambda aid: f" [{nums.get(aid, '?')}]")
    return f"{label}: {line}" if label else line


def _marks(s: BriefSentence, nums: dict[str, int]) -> str:
    return "".join(f"[{nums.get(c, '?')}]" for c in _unique_refs(s.citations, nums))


def _unique_refs(citations: list[str], nums: dict[str, int]) -> list[str]:
    seen, out = set(), []
    for c in citations:
        n = nums.get(c)
        if n not in seen:
            seen.add(n)
            out.append(c)
    return out


def to_html(brief: Brief) -> str:
    """A standalone, escaped HTML document (no scripts)."""
    nums = ref_numbers(brief)
    e = html_text
    parts = ["<!doctype html><html lang=en><meta charset=utf-8>",
             f"<title>{e(brief.headline)}</title><article class=brief>", f"<h1>{e(brief.headline)}</h1>"]
    current = None
    prose = []
    for s in shown(brief):
        cites = "".join(
            f'<a class=cite href="#src-{nums.get(c, 0)}" title="{e(sup.sentence)}">[{nums.get(c, "?")}]</a>'
            for c, sup in zip(s.citations, s.support, strict=False)
        )
        hover = f' title="{e("Source sentence: " + str(s.extra["original"]))}"' if s.extra.get("original") else ""
        if s.section in PROSE:
            prose.append(f"<span class=\"{e(s.section)}\"{hover}>{e(s.text)}</span> {cites}")
            continue
        if prose:
            parts.append("<p class=summary>" + " ".join(prose) + "</p>")
            prose = []
        title = SECTION_TITLES.get(s.section)
        if title and title != current:
            parts.append(f"<h2>{e(title)}</h2>")
            current = title
        when = f"<b>{e(str(s.extra['date'])[:10])}</b>: " if s.extra.get("date") else ""
        flag = " <em>(single source)</em>" if s.extra.get("single_source") else ""
        figure = figure_note(s, nums, e)
        figure = f" <small class=figure-values>{figure}</small>" if figure else ""
        if s.extra.get("contradicts"):
            when = "<em>Contradicting this:</em> " + when
        parts.append(f"<p class=\"{e(s.section)}\"{hover}>{when}{e(s.text)} {cites}{flag}{figure}</p>")
    if prose:
        parts.append("<p class=summary>" + " ".join(prose) + "</p>")
    parts += perspectives_view.to_html(brief, nums)
    parts.append("<h2>Related Sources</h2><ol>")
    for n, ref in enumerate(brief.sources, 1):
        link = html_link(ref.url, ref.title or ref.url or ref.id)
        apart = " <em>(also covering this story; not cited above)</em>" if ref.id in (
            brief.coverage.get("also_covering") or []) else ""
        parts.append(f"<li id=src-{n}>{e(ref.outlet)}, {link}, {e((ref.published or '')[:10])}{apart}</li>")
    parts.append("</ol></article></html>")
    return "\n".join(parts)


def render(brief: Brief, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "json":
        return json.dumps(to_json(brief), indent=2, ensure_ascii=False)
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}")


def to_rss(briefs: list[Brief], *, title: str = "storydesk briefs", link: str = "http://127.0.0.1:8000/") -> str:
    """An RSS 2.0 feed of briefs; each item's description is the brief as escaped HTML."""
    from datetime import UTC, datetime
    from email.utils import format_datetime

    def rfc822(iso: str | None) -> str:
        try:
            dt = datetime.fromisoformat((iso or "").replace("Z", "+00:00"))
        except ValueError:
            dt = datetime.now(UTC)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return format_datetime(dt)

    e = xml_text
    items = []
    for b in briefs:
        lede = next((s.text for s in b.sentences if s.section == "lede"), "")
        body = to_html(b)
        items.append(
            "<item>"
            f"<title>{e(b.headline)}</title>"
            f"<link>{e(link.rstrip('/'))}/stories/{e(b.story_id)}</link>"
            f"<guid isPermaLink=\"false\">storydesk:{e(b.story_id)}:v{b.version}</guid>"
            f"<pubDate>{rfc822(b.created_at)}</pubDate>"
            f"<description>{e(lede)}</description>"
            f"<content:encoded>{e(body)}</content:encoded>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{e(title)}</title><link>{e(link)}</link>"
        "<description>Story briefs in which every sentence cites its sources</description>"
        + "".join(items) + "</channel></rss>\n"
    )


def diff_since(old: Brief, new: Brief) -> list[BriefSentence]:
    """Sentences of ``new`` that ``old`` did not have (or that now cite more sources)."""
    before = {s.text: set(s.citations) for s in old.sentences}
    return [s for s in new.sentences if s.text not in before or set(s.citations) - before[s.text]]
