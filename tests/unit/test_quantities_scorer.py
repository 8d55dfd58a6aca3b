"""The NewsQuant scorer's matching rules, on hand-made gold and predictions."""

from __future__ import annotations

import pytest

from storydesk.evaluate.quantities import (
    GoldSentence,
    claim_quantity,
    normalized_unit,
    parse_gold_value,
    score,
    values_equal,
)
from storydesk.model import Claim


def test_parse_gold_value():
    assert parse_gold_value("12.5") == 12.5
    assert parse_gold_value("1000-10000") == (1000.0, 10000.0)
    assert parse_gold_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_gold_value("-5.0") == -5.0
    assert parse_gold_value("1.99E-29") == pytest.approx(1.99e-29)


def test_values_equal_is_relative_and_ranges_match_only_ranges():
    assert values_equal(1_000_000.0, 1_000_004.0)
    assert not values_equal(1_000_000.0, 1_000_100.0)
    assert values_equal((1.0, 2.0), (1.0, 2.0))
    assert not values_equal((1.0, 2.0), 1.5)
    assert not values_equal((2.0, 1.0), (1.0, 2.0))


def test_matching_is_one_to_one():
    gold = [GoldSentence("x", [(5.0, "percentage"), (5.0, "dollar")])]
    s = score("t", gold, [[(5.0, "dollar")]])
    assert (s.value_matches, s.unit_matches) == (1, 1)  # one prediction cannot match two gold quantities
    s = score("t", gold, [[(5.0, "percentage"), (5.0, "dollar"), (5.0, "-")]])
    assert (s.value_matches, s.unit_matches, s.predicted) == (2, 2, 3)
    p, r, f = s.value
    assert (round(p, 1), r, round(f, 1)) == (66.7, 100.0, 80.0)


def test_unit_matching_prefers_the_assignment_that_matches_units():
    gold = [GoldSentence("x", [(3.0, "year"), (3.0, "percentage")])]
    s = score("t", gold, [[(3.0, "percentage"), (3.0, "-")]])
    assert (s.value_matches, s.unit_matches) == (2, 1)


def test_average_gold_ranges_for_systems_without_ranges():
    gold = [GoldSentence("x", [((10.0, 20.0), "mile")])]
    assert score("t", gold, [[(15.0, "mile")]]).unit_matches == 0
    assert score("t", gold, [[(15.0, "mile")]], average_gold_ranges=True).unit_matches == 1


def test_normalized_unit_maps_to_newsquant_names():
    claim = Claim(start=0, end=4, text="118p", value=118.0, unit="penny", kind="money")
    assert normalized_unit(claim) == "point"
    tonnes = Claim(start=0, end=8, text="5 tonnes", value=5.0, unit="tonne")
    assert normalized_unit(tonnes) == "metric ton"
    cc = Claim(start=0, end=5, text="50 cc", value=50.0, unit="cubic centimetre")
    assert normalized_unit(cc) == "millilitre"
    bare = Claim(start=0, end=2, text="42", value=42.0)
    assert claim_quantity(bare) == (42.0, "-")
    ranged = Claim(start=0, end=5, text="5-10W", value=5.0, value_high=10.0, unit="watt")
    assert claim_quantity(ranged) == ((5.0, 10.0), "watt")


def test_score_rejects_misaligned_predictions():
    from storydesk.errors import InputError

    with pytest.raises(InputError):
        score("t", [GoldSentence("x", [])], [])


def test_a_share_of_a_counted_whole_is_a_percentage_of_it():
    share = Claim(0, 7, "a third", 1 / 3, unit="population", counted="the population", kind="fraction")
    bare = Claim(0, 4, "half", 0.5, kind="fraction")
    measure = Claim(0, 4, "1/16", 1 / 16, unit="pint", kind="fraction")
    assert [normalized_unit(c) for c in (share, bare, measure)] == ["% population", "% -", "pint"]
