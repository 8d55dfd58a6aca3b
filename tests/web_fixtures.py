"""Shared by the web tests: one real database built by the real pipeline from our own fixtures.

``annotate`` adds hand-placed quotes, figures and events (found by phrase in our own fixture texts) so that
the pages that show them can be tested before the extractors that will fill them are merged.
"""

from __future__ import annotations

from pathlib import Path

from storydesk import pipeline
from storydesk.model import Claim, Event, Quote
from storydesk.settings import Settings
from storydesk.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "test-token-5f3a"

CLAIMS = [("1,200 crew members", 1200, "crew members on strike"),
          ("1,500 crew members", 1500, "crew members on strike"),
          ("9,000 passengers", 9000, "passengers a day"), ("10,000 passengers", 10000, "passengers a day")]
QUOTES = [
    ("We have been patient for two years and we are done waiting", "Dana Okafor", "union leader", True),
    ("Nobody wants the island cut off, but the crews cannot go on like this", "Dana Okafor", "union leader", True),
    ("the crews wanted a raise of 8 percent", "Dana Okafor", "union leader", False),
    ("the island council would open an emergency depot for medicine", "Ines Varga", "Mayor", False),
]
EVENTS = [
    ("walked off the job", "Maritime Workers Union", "Blue Line Ferries", "strike", -0.6),
    ("called the strike unlawful", "Blue Line Ferries", "Maritime Workers Union", "accuse", -0.5),
    ("Talks between", "Blue Line Ferries", "Maritime Workers Union", "consult", 0.4),
    ("A mediator appointed by the labour ministry", "Labour Ministry", "Maritime Workers Union", "mediate", 0.5),
]


def annotate(store: Store) -> int:
    """Add the quotes, figures and events above wherever their phrase occurs; returns how many were added."""
    added = 0
    enrichments = store.get_enrichments(a.id for a in store.iter_articles())
    for article in store.get_articles(list(enrichments)):
        e = enrichments[article.id]
        text = article.text
        for phrase, value, counted in CLAIMS:  # only where the extractors found nothing
            if (at := text.find(phrase)) >= 0 and not any(c.start <= at < c.end for c in e.claims):
                hedge = text[max(0, at - 8):at].split()[-1:] or [""]
                number = phrase.split()[0]
                e.claims.append(Claim(at, at + len(number), number, float(value), counted=counted,
                                      approximate=hedge[0].lower() in ("about", "some", "roughly")))
        for phrase, speaker, role, direct in QUOTES:
            if (at := text.find(phrase)) >= 0 and not any(q.content_start <= at < q.content_end for q in e.quotes):
                e.quotes.append(Quote(at, at + len(phrase), phrase, speaker=speaker, actor=speaker, role=role,
                                      direct=direct, cue="said"))
        for phrase, actor, target, action, score in EVENTS:
            if (at := text.find(phrase)) >= 0 and not any(ev.start <= at < ev.end for ev in e.events):
                e.events.append(Event(at, at + len(phrase), action, actor=actor, target=target, score=score,
                                      trigger=phrase.split()[0], sentence=phrase))
        added += len(e.claims) + len(e.quotes) + len(e.events)
    store.put_enrichments(enrichments.values())
    return added


def build_db(path: Path, *, xss: bool = True) -> Settings:
    """The fixture corpus plus articles whose titles, texts and outlet names carry markup and script."""
    settings = Settings.load({"db": str(path), "api_token": TOKEN, "api_write_rate": 1000})
    inputs = [FIXTURES / "corpus", FIXTURES / "web"] + ([FIXTURES / "xss"] if xss else [])
    with Store(path) as store:
        pipeline.ingest_paths(store, inputs, settings)
        pipeline.enrich(store, settings)
        pipeline.cluster(store, settings)
        annotate(store)
        pipeline.write_briefs(store, settings)
    return settings


if __name__ == "__main__":
    import sys

    build_db(Path(sys.argv[1]), xss=False)
