"""Floors for events and actor normalisation on our annotations of the shared news articles.

Measured when the floors were set (strict = action, actor and target all right): dev split P/R/F1
73.0 / 62.8 / 67.5, test split (annotated before any rule was tuned on it) 66.7 / 45.2 / 53.8; actor
normalisation 92.5% (dev) and 92.4% (test) against 49.1% and 47.0% for spaCy's raw entities. Floors sit
slightly below.
"""

from __future__ import annotations

import pytest

from storydesk.evaluate.events import (
    evaluate_actors,
    evaluate_events,
    lexicon_baseline,
    load_article,
    load_gold,
    parse_gold_articles,
    raw_entities,
)

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def parsed(shared_data):
    return parse_gold_articles(shared_data)


def test_gold_offsets_fall_on_sentences(shared_data):
    for row in load_gold():
        text = load_article(shared_data, row["article"])["text"]
        assert row["end"] <= len(text)
        span = text[row["start"] : row["end"]]
        assert span[:1].strip() and len(span.split()) >= 6


def test_event_floors(parsed):
    dev = evaluate_events(parsed, split="dev")
    test = evaluate_events(parsed, split="test")
    assert dev.strict.precision >= 0.70 and dev.strict.recall >= 0.60 and dev.strict.f1 >= 0.65
    assert test.strict.precision >= 0.62 and test.strict.recall >= 0.42 and test.strict.f1 >= 0.50
    assert dev.action.f1 >= 0.80 and test.action.f1 >= 0.70


def test_events_beat_the_verb_lexicon_baseline(parsed):
    ours = evaluate_events(parsed)
    baseline = evaluate_events(parsed, lexicon_baseline(lambda a: raw_entities(a.doc)))
    assert ours.strict.f1 >= baseline.strict.f1 + 0.3
    assert ours.action.precision > baseline.action.precision


def test_actor_normalisation_floor(parsed):
    dev, test = evaluate_actors(parsed, split="dev"), evaluate_actors(parsed, split="test")
    raw = evaluate_actors(parsed, lambda a: raw_entities(a.doc))
    assert dev.total >= 100 and test.total >= 60
    assert dev.accuracy >= 0.90 and test.accuracy >= 0.92  # check half 93.9% (issue 16, session 4)
    assert evaluate_actors(parsed).accuracy >= raw.accuracy + 0.3
