"""Timelines of an invented story: dates from the text, cited sentences, options."""

from __future__ import annotations

import datetime as dt

import pytest

from storydesk.errors import InputError
from storydesk.model import Article, Sentence
from storydesk.stories.timeline import build_timeline, split_sentences


def _articles() -> list[Article]:
    texts = [
        ("a1", "2021-03-03",  # a Wednesday
         "Lake Varn ferry sinks. The ferry Aurora capsized on Monday in a storm on Lake Varn, officials said. "
         "Rescue boats searched the cold water through the night. Mr. Halden, the harbour master, said the "
         "search for the missing passengers would go on."),
        ("a2", "2021-03-04",
         "Divers recover ferry wreck. Divers reached the wreck of the ferry Aurora yesterday, police said. "
         "The ferry capsized on March 1 during a storm with forty passengers on board. "
         "Relatives gathered at the harbour in Varn."),
        ("a3", "2021-03-10",
         "Inquiry opens into ferry disaster. An inquiry into the capsizing of the ferry Aurora on March 1 opened "
         "on Monday in the town of Varn. Divers had reached the wreck on March 3, two days after the storm. "
         "The operator has apologised to the families."),
        ("a4", "2021-03-10",
         "Ferry operator fined. The operator of the ferry Aurora, which capsized on March 1, was fined on "
         "Tuesday. The fine followed the first hearing of the inquiry into the storm on Lake Varn."),
    ]
    return [Article(id=i, text=t, published_at=p) for i, p, t in texts]


def test_split_sentences_plain_and_tokenised_text():
    text = "Mr. Smith met Dr. Jones in the U.S. capital. They talked. `` It went well , '' he said . Then he left ."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith met Dr. Jones in the U.S. capital.", "They talked.", "`` It went well , '' he said .",
        "Then he left ."]


def test_timeline_puts_events_on_resolved_dates_and_cites_sentences():
    articles = _articles()
    entries = build_timeline(articles, n_dates=3)
    by_id = {a.id: a for a in articles}
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    assert dates[0] == "2021-03-01"  # the capsizing: the day most articles refer back to
    assert len(set(dates)) == len(dates) == 3
    for entry in entries:
        assert by_id[entry.article_id].text[entry.start:entry.end] == entry.text
        assert entry.how in {"weekday", "inferred-year", "relative", "explicit"}
    first = entries[0]
    assert "capsiz" in first.text
    assert "2021-03-03" in dates  # divers reached the wreck ("yesterday" in a2, "March 3" in a3)


def test_span_limits_and_sentences_per_date():
    entries = build_timeline(_articles(), n_dates=5, sentences_per_date=2, start="2021-03-02", end="2021-03-31")
    assert entries and all("2021-03-02" <= e.date <= "2021-03-31" for e in entries)
    per_date: dict[str, int] = {}
    for e in entries:
        per_date[e.date] = per_date.get(e.date, 0) + 1
    assert max(per_date.values()) <= 2


def test_enrichment_sentences_are_used_when_given():
    articles = _articles()
    text = articles[1].text
    cut = text.index("The ferry capsized")
    sentences = {"a2": [Sentence(0, cut - 1, text[:cut - 1]), Sentence(cut, len(text), text[cut:])]}
    entries = build_timeline(articles[1:2], n_dates=2, sentences=sentences)
    assert any(e.start in (0, cut) for e in entries)


def test_baseline_method_and_bad_inputs():
    assert build_timeline(_articles(), n_dates=2, method="baseline")
    assert build_timeline([], n_dates=2) == []
    assert build_timeline([Article(id="x", text="No dates here at all in this text.", published_at=None)]) == []
    with pytest.raises(InputError):
        build_timeline(_articles(), method="magic")
    with pytest.raises(InputError):
        build_timeline(_articles(), start="yesterday")
    assert dt.date.fromisoformat(build_timeline(_articles(), n_dates=1)[0].date)
