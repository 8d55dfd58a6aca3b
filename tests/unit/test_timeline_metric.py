"""The news-tls timeline measures on small invented timelines whose scores are computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from storydesk.evaluate.timelines import PRF, date_prf, mean_scores, rouge_tokens, score_timeline
from storydesk.text import smart_stopwords

D = dt.date


def test_rouge_preprocessing_lowercases_removes_smart_words_and_stems():
    assert rouge_tokens("The Workers' strike-ended ; Troops entered the city") == [
        "worker", "strike", "-", "end", "troop", "enter", "citi"]
    words = smart_stopwords()
    assert {"the", "reuters", "jan", "a's"} <= words and "troops" not in words
    assert len(words) > 550


def test_identical_timelines_score_one():
    tl = {D(2010, 1, 1): ["Police arrested protesters"], D(2010, 1, 5): ["Troops entered city"]}
    s = score_timeline(tl, tl)
    for key in ("rouge1", "rouge2", "date"):
        assert s[key].precision == pytest.approx(1.0) and s[key].recall == pytest.approx(1.0)


def test_alignment_weights_by_date_distance():
    # pred Jan 1 (3 unigrams, 2 bigrams) and Jan 3 (2, 1); ref Jan 2 (3, 2).
    # Precision: both predicted dates map to Jan 2 at weight 1/2; only Jan 1 matches: 0.5*3 / 5 = 0.3.
    # Recall: Jan 2 maps to Jan 1 (content cost 0 beats Jan 3): 0.5*3 / 3 = 0.5.
    pred = {D(2010, 1, 1): ["bomb exploded market"], D(2010, 1, 3): ["rain fell"]}
    ref = {D(2010, 1, 2): ["bomb exploded market"]}
    s = score_timeline(pred, ref)
    assert s["rouge1"].precision == pytest.approx(0.3)
    assert s["rouge1"].recall == pytest.approx(0.5)
    assert s["rouge1"].f == pytest.approx(0.375)
    assert s["rouge2"].precision == pytest.approx(1 / 3)
    assert s["rouge2"].recall == pytest.approx(0.5)
    assert s["date"] == PRF(0.0, 0.0)


def test_content_decides_between_equally_distant_dates():
    # Jan 4 and Jan 6 are both one day from Jan 5; the reference date aligns to the one that says the same.
    pred = {D(2010, 1, 4): ["weather mild"], D(2010, 1, 6): ["troops entered city"]}
    ref = {D(2010, 1, 5): ["troops entered city"]}
    s = score_timeline(pred, ref)
    assert s["rouge1"].recall == pytest.approx(0.5)  # 3 matches at weight 1/2 over 3
    assert s["rouge1"].precision == pytest.approx(0.5 * 3 / 5)


def test_sentences_of_a_date_are_joined_and_bigrams_cross_them():
    pred = {D(2010, 1, 1): ["rebels", "seized airport"]}
    ref = {D(2010, 1, 1): ["rebels seized airport"]}
    s = score_timeline(pred, ref)
    assert s["rouge2"].precision == pytest.approx(1.0) and s["rouge2"].recall == pytest.approx(1.0)


def test_date_f1_and_means_of_precision_and_recall_before_f():
    assert date_prf([D(2010, 1, 1), D(2010, 1, 2)], [D(2010, 1, 2)]) == PRF(0.5, 1.0)
    pairs = [{"x": PRF(1.0, 0.5)}, {"x": PRF(0.0, 0.5)}]
    mean = mean_scores(pairs)["x"]
    assert (mean.precision, mean.recall, mean.f) == (0.5, 0.5, 0.5)  # not the mean of the F's (1/3)


def test_empty_prediction_scores_zero():
    s = score_timeline({}, {D(2010, 1, 1): ["troops entered city"]})
    assert s["rouge1"] == PRF(0.0, 0.0) and s["date"] == PRF(0.0, 0.0)
