"""One story's brief from its stored articles: the timeline stage, then the writer (both engines call this)."""

from __future__ import annotations

from ..enrich.aliases import merge_story_persons
from ..model import Article, Brief, Enrichment, Story
from ..settings import Settings
from ..stories.developments import redated
from ..stories.timeline import brief_hook, story_timeline
from .clean import looks_ahead
from .compose import compose_brief, fingerprint


def story_brief(story: Story, articles: list[Article], enrichments: dict[str, Enrichment],
                settings: Settings) -> tuple[Brief, str]:
    """One story's brief and its fingerprint, from its articles and their enrichments (both engines).

    Articles are taken in the story's order and enrichments in id order, so the result does not depend
    on where they were read from. A person named "Trump" by one outlet and "Donald Trump" by another is one
    speaker (the enrichments' person names are merged in place, see ``enrich.aliases.merge_story_persons``).
    """
    by_id = {a.id: a for a in articles}
    ordered = [by_id[i] for i in story.article_ids if i in by_id]
    enrichments = {i: enrichments[i] for i in sorted(enrichments) if i in by_id}
    merge_story_persons(enrichments.values())
    late = redated(ordered)  # late copies: their publication date resolves no "on Sunday"
    entries = story_timeline(ordered, enrichments, n_dates=min(8, max(2, story.size)),
                             redated=late) if story.size > 1 else []
    # the resolver already reads a weekday forward when its own clause looks ahead (dates.find_dates); the
    # brief is warier: a future marker anywhere in the sentence ("will ..., officials said Tuesday") and the
    # weekday's day is left out of the brief rather than risked
    entries = [e for e in entries if not (e.how == "weekday" and looks_ahead(e.text))]
    brief = compose_brief(story, ordered, enrichments, max_facts=settings.brief_max_facts,
                          support_threshold=settings.brief_support_threshold,
                          timeline=sorted(brief_hook(entries), key=lambda t: t[2]))
    return brief, fingerprint(brief)
