"""Floor test: the quote extractor on PolNeAR's check half (the dev split), textacy run beside it on the same parses.

Protocol (issue 16): rules are tuned on a fixed eighth of the train split (``polnear_half("tuning")``) and
checked on dev; from session 5 the whole of train (840 articles) served as tuning data. Measured when these
floors were set (issue 16, session 5), check half (dev, 84 articles): ours P 0.785 / R 0.650 / F1 0.711,
source accuracy 0.927 (tuning half 0.761 / 0.645 / 0.699, 0.926; all of train 0.759 / 0.638 / 0.693, 0.924);
textacy P 0.609 / R 0.121 / F1 0.202 (as published here). Issue 16's target, F1 0.72 with source accuracy
0.92, is not met yet. Precision's floor went down to 0.78 with session 5 (it held 0.789 before, 0.785 now; the new
cues add recall at a lower precision, F1 rose).
"""

from __future__ import annotations

import pytest

from storydesk.enrich.quotes import find_quotes
from storydesk.evaluate.attribution import evaluate, in_tuning_subset, load_polnear, polnear_half, textacy_quotes

pytestmark = pytest.mark.shared_data


def test_polnear_check_half_floor(shared_data):
    docs = polnear_half("check", shared_data)
    assert len(docs) == 84
    scores = evaluate(docs, {"storydesk": find_quotes, "textacy": textacy_quotes})
    ours, peer = scores["storydesk"], scores["textacy"]
    assert ours.n_gold == peer.n_gold == 2192
    assert ours.f1 >= 0.708, ours.as_dict()
    assert ours.source_accuracy >= 0.92, ours.as_dict()
    assert ours.precision >= 0.78 and ours.recall >= 0.645, ours.as_dict()
    assert 0.15 <= peer.f1 <= 0.25, peer.as_dict()  # the peer as published here: 20.2
    assert ours.f1 >= peer.f1 + 0.4


def test_the_tuning_half_is_a_fixed_train_subset(shared_data):
    train_ids = {d.id for d in load_polnear("train", shared_data)}
    tuning = [d.id for d in polnear_half("tuning", shared_data)]
    assert len(tuning) == 94 and set(tuning) <= train_ids
    assert all(in_tuning_subset(i) for i in tuning)
    assert set(tuning).isdisjoint(d.id for d in load_polnear("dev", shared_data))
