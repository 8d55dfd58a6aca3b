"""The Story record of a cluster of articles, as both engines write it."""

from __future__ import annotations

from ..model import Article, Story
from .features import tokens


def story_record(story_id: str, articles: list[Article], previous: Story | None = None) -> Story:
    """The Story record of a cluster: title from the most central headline, outlets, first and last seen."""
    ordered = sorted(articles, key=lambda a: (a.published_at or "", a.id))
    titles = [a.title for a in ordered if a.title]
    title = _central_title(titles) if titles else (ordered[0].text[:80] if ordered else "")
    outlets = sorted({a.outlet for a in ordered if a.outlet})
    dates = [a.published_at for a in ordered if a.published_at]
    return Story(
        id=story_id, title=title, article_ids=[a.id for a in ordered], outlets=outlets,
        first_seen=min(dates) if dates else None, last_seen=max(dates) if dates else None,
        merged_into=previous.merged_into if previous else None,
        history=list(previous.history) if previous else [],
    )


def _central_title(titles: list[str]) -> str:
    toks = [set(tokens(t)) for t in titles]
    def centrality(i: int) -> float:
        return sum(len(toks[i] & other) / (len(toks[i] | other) or 1) for j, other in enumerate(toks) if j != i)
    return titles[max(range(len(titles)), key=lambda i: (centrality(i), -len(titles[i])))]
