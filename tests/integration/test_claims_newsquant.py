"""Floors for numeric claims on NewsQuant (../shared/data), set on the CHECK half, slightly below what we measure.

Protocol (issue 16): the even set is split by a stable hash of each sentence (``newsquant_half``); rules are
tuned on the tuning half only and kept when the check half agrees. Measured on the check half when these
floors were set: value F1 97.2, value+unit F1 91.2 (tuning half 97.9 / 94.0; target 92 / 86). Session 4 (the
unit lexicon from quantulum3's data, the hand-table audit) left the check half at 97.2 / 91.2, so the floors
stay (tuning half 97.9 / 91.7 after two one-sentence entries were removed).
"""

from __future__ import annotations

import pytest

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate.quantities import (
    NOT_ANNOTATED_KINDS,
    claim_quantity,
    evaluate_newsquant,
    load_newsquant,
    load_quantulum_tests,
    newsquant_half,
    quantulum3_classifier,
    score,
    select_half,
)

pytestmark = pytest.mark.shared_data

VALUE_F1_FLOOR = 96.0
VALUE_UNIT_F1_FLOOR = 90.0


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


# quantulum3's own test sentences, a probe never tuned on (bench/bench_quantulum_tests.py): value+unit F1 52.5
# with the unit lexicon, 44.5 on main before session 4 (46 with this branch's hand tables alone)
QUANTULUM_PROBE_VALUE_UNIT_FLOOR = 50.0


def test_unit_lexicon_floor_on_quantulum3s_test_sentences():
    gold = load_quantulum_tests()
    assert gold is not None and len(gold) == 121
    nlp = load_nlp()
    pred = [[claim_quantity(c) for c in find_claims(d) if c.kind not in NOT_ANNOTATED_KINDS]
            for d in nlp.pipe([g.text for g in gold])]
    assert score("storydesk", gold, pred).value_unit[2] >= QUANTULUM_PROBE_VALUE_UNIT_FLOOR


@pytest.mark.slow
def test_quantulum3_peer_retrains_offline(tmp_path):
    pytest.importorskip("quantulum3")
    from storydesk.evaluate.quantities import predict_quantulum3

    path = quantulum3_classifier(tmp_path)
    assert path is not None and path.exists() and path.parent == tmp_path
    assert quantulum3_classifier(tmp_path) == path  # cached, not retrained
    [found] = predict_quantulum3(["The bridge is 120 metres long."], path)
    assert (120.0, "metre") in found
