"""``storydesk export``: a folder a reader can open without a server.

Per story: the brief as a styled, self-contained HTML page (the web stylesheet inlined, no scripts, the
single-source marks and the coverage line kept), Markdown and JSON; an ``index.html`` that lists every
story; and ``briefs.rss`` with absolute links from the base URL, dated by the stories' own dates.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader

from ..brief.render import render
from ..exports import open_folder, safe_name, write_file
from ..model import Brief, Story
from ..store import Store
from . import read, syndication
from .pages import safe_url
from .syndication import default_base

__all__ = ["FORMATS", "default_base", "index_html", "story_html", "write_export"]

HERE = Path(__file__).parent
FORMATS = ("md", "html", "json", "rss")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["day"] = read.day
    env.filters["safe_url"] = safe_url
    return env


def stylesheet() -> str:
    """The web stylesheet, safe to inline in a <style> element (the templates mark only this as safe)."""
    return (HERE / "static" / "storydesk.css").read_text(encoding="utf-8").replace("</", "<\\/")


def story_html(brief: Brief, story: Story | None, articles: dict[str, Any], root: str,
               env: Environment | None = None, css: str | None = None) -> str:
    """One brief as a self-contained HTML page."""
    env = env or _env()
    view = read.brief_view(brief, articles)
    return env.get_template("export_story.html").render(
        b=view, cov=brief.coverage or {}, story=story, css=css if css is not None else stylesheet(),
        online=syndication.story_url(root, brief.story_id))


def index_html(rows: list[dict[str, Any]], root: str, env: Environment | None = None,
               css: str | None = None) -> str:
    env = env or _env()
    return env.get_template("export_index.html").render(rows=rows, css=css if css is not None else stylesheet(),
                                                        online=syndication.base(root))


def write_export(store: Store, out: Path, formats: list[str], root: str) -> tuple[int, list[str]]:
    """Write the export; returns (briefs, files written)."""
    fd = open_folder(out)  # story ids are untrusted: safe names, no links followed (storydesk.exports)
    try:
        return _write_all(store, out, fd, formats, root)
    finally:
        os.close(fd)


def _write_all(store: Store, out: Path, fd: int, formats: list[str], root: str) -> tuple[int, list[str]]:
    env, css = _env(), stylesheet()
    written: list[str] = []
    pairs: list[tuple[Brief, Story]] = []
    rows: list[dict[str, Any]] = []
    for story in store.list_stories():
        if not store.brief_versions(story.id):
            continue
        brief = store.get_brief(story.id)
        pairs.append((brief, story))
        for fmt in formats:
            if fmt == "rss":
                continue
            name = f"{safe_name(brief.story_id)}.{fmt}"
            if fmt == "html":
                articles = {a.id: a for a in store.get_articles(story.article_ids)}
                text = story_html(brief, story, articles, root, env, css)
            else:
                text = render(brief, fmt)
            written.append(write_file(fd, out, name, text))
        cov = brief.coverage or {}
        single = sum(1 for s in brief.sentences if s.extra.get("single_source"))
        stem = safe_name(brief.story_id)
        link = f"{stem}.html" if "html" in formats else (
            f"{stem}.md" if "md" in formats else syndication.story_url(root, brief.story_id))
        rows.append({"id": brief.story_id, "headline": brief.headline, "lede": syndication.lede(brief), "link": link,
                     "articles": cov.get("articles", story.size), "outlets": cov.get("outlets", len(story.outlets)),
                     "first_seen": story.first_seen, "last_seen": story.last_seen, "single": single,
                     "version": brief.version})
    rows.sort(key=lambda r: (r["last_seen"] or "", r["outlets"]), reverse=True)
    if "html" in formats or "md" in formats:
        written.append(write_file(fd, out, "index.html", index_html(rows, root, env, css)))
    if "rss" in formats:
        written.append(write_file(fd, out, "briefs.rss", syndication.briefs_rss(pairs, root)))
    return len(pairs), written
