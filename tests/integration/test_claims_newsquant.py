"""Floors for numeric claims on NewsQuant (../shared/data), set on the CHECK half, slightly below what we measure.

Protocol (issue 16): the even set is split by a stable hash of each sentence (``newsquant_half``); rules are
tuned on the tuning half only and kept when the check half agrees. Measured on the check half when these
floors were set: value F1 97.2, value+unit F1 91.2 (tuning half 97.9 / 94.0; target 92 / 86). Session 4 (the
unit lexicon from quantulum3's data, the hand-table audit) left the check half at 97.2 / 91.2 (tuning half
97.9 / 91.7 after two one-sentence entries were removed). Session 5 (number shapes and units tuned on the
tuning halves of NewsQuant and of quantulum3's test sentences) holds both check halves, NewsQuant's at
97.2 / 91.2, and raises these floors to just below it; the floor on quantulum3's check half is in
tests/unit/test_claims_shapes.py (it needs quantulum3, not ../shared/data).
"""

from __future__ import annotations

import pytest

from storydesk.evaluate.quantities import (
    evaluate_newsquant,
    load_newsquant,
    newsquant_half,
    quantulum3_classifier,
    select_half,
)

pytestmark = pytest.mark.shared_data

VALUE_F1_FLOOR = 96.5
VALUE_UNIT_F1_FLOOR = 90.5


def test_halves_are_fixed_disjoint_and_cover_the_set(shared_data):
    gold = load_newsquant(shared_data / "quantities" / "newsquant-even.json")
    tuning, check = select_half(gold, "tuning"), select_half(gold, "check")
    assert len(tuning) + len(check) == len(gold) and len(tuning) == 159 and len(check) == 136
    assert {g.text for g in tuning}.isdisjoint({g.text for g in check})
    assert newsquant_half("The bridge is 120 metres long.") == newsquant_half("The bridge is 120 metres long.")


def test_newsquant_floor_on_the_check_half(shared_data):
    (ours,) = evaluate_newsquant(peer=False, data_dir=shared_data, half="check")
    assert ours.sentences == 136
    assert ours.value[2] >= VALUE_F1_FLOOR, ours
    assert ours.value_unit[2] >= VALUE_UNIT_F1_FLOOR, ours


@pytest.mark.slow
def test_quantulum3_peer_retrains_offline(tmp_path):
    pytest.importorskip("quantulum3")
    from storydesk.evaluate.quantities import predict_quantulum3

    path = quantulum3_classifier(tmp_path)
    assert path is not None and path.exists() and path.parent == tmp_path
    assert quantulum3_classifier(tmp_path) == path  # cached, not retrained
    [found] = predict_quantulum3(["The bridge is 120 metres long."], path)
    assert (120.0, "metre") in found
