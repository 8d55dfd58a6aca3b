"""The benchmark metric on texts written for these tests."""

from __future__ import annotations

import gzip
import json

import pytest

from storydesk.evaluate.extraction import iter_pages, load_predictions, page_score, score, shingles


def test_shingles_are_a_multiset_of_four_tokens() -> None:
    sh = shingles("the cat sat on the mat, the cat sat on")
    assert sh[("the", "cat", "sat", "on")] == 2
    assert sum(sh.values()) == 10 - 3
    assert shingles("Two words") == {("Two", "words"): 1}
    assert not shingles("  ,.;  ")


def test_identical_texts_score_one_and_disjoint_zero() -> None:
    text = "The harbour reopened on Tuesday after a week of storms closed it to shipping."
    page = page_score(text, text)
    assert page.precision == 1.0 and page.recall == 1.0
    other = page_score(text, "Completely different words appear in this unrelated sentence here.")
    assert other.precision == 0.0 and other.recall == 0.0


def test_pages_weigh_the_same_and_empty_predictions_only_cost_recall() -> None:
    gold = {"a": "one two three four five six seven eight", "b": "alpha beta gamma delta epsilon"}
    predicted = {"a": "one two three four five six seven eight nine ten eleven twelve", "b": ""}
    result = score(gold, predicted)
    # page a: 5 shared, 4 extra -> precision 5/9; page b returned nothing: not in the precision average
    assert result.precision == pytest.approx(5 / 9)
    assert result.recall == pytest.approx((1.0 + 0.0) / 2)
    assert result.f1 == pytest.approx(2 * (5 / 9) * 0.5 / (5 / 9 + 0.5))


def test_case_is_kept_and_punctuation_dropped() -> None:
    assert page_score("Rain, fell in Oslo!", "rain fell in oslo").recall == 0.0
    assert page_score("Rain, fell in Oslo!", "Rain fell -- in Oslo").recall == 1.0


def test_reads_both_peer_formats(tmp_path) -> None:
    (tmp_path / "plain.json").write_text(json.dumps({"x": {"articleBody": "some text"}}))
    wrapped = {"version": "1.2", "output": {"x": {"articleBody": "t"}}}
    (tmp_path / "wrapped.json").write_text(json.dumps(wrapped))
    assert load_predictions(tmp_path / "plain.json") == ({"x": "some text"}, None)
    assert load_predictions(tmp_path / "wrapped.json") == ({"x": "t"}, "1.2")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(b"<p>hi</p>"))
    assert list(iter_pages(tmp_path)) == [("p1", b"<p>hi</p>")]
