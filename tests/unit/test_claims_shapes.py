"""Number shapes and units that generalise (issue 16, session 5): sentences written for these tests, none
copied from NewsQuant, quantulum3's tests or the shared corpora."""

from __future__ import annotations

import pytest

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate.quantities import (
    GoldSentence,
    evaluate_quantulum_tests,
    load_quantulum_tests,
    newsquant_half,
    score,
    select_half,
)
from storydesk.model import Claim


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def claims(nlp, text: str) -> list[Claim]:
    found = find_claims(nlp(text))
    for c in found:
        assert text[c.start:c.end] == c.text  # offsets are exact
    return [c for c in found if c.kind not in ("ordinal", "rank")]


def readings(nlp, text: str) -> list[tuple[float, float | None, str | None]]:
    return [(c.value, c.value_high, c.unit) for c in claims(nlp, text)]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The shelf is 3 3/4 inches deep.", 3.75, "inch"),
    ("Cut a 1/8 inch strip from the sheet.", 0.125, "inch"),
    ("Add 1 1/2 cups of flour to the bowl.", 1.5, "cup"),
    ("The hikers covered four and a half miles before dusk.", 4.5, "mile"),
    ("She served 6-and-a-half years of the sentence.", 6.5, "year"),
    ("The flood displaced one and a half million residents.", 1.5e6, "resident"),
    ("The hall cost 12 500 000 euros to build.", 12.5e6, "euro"),
    ("The group's market value passed $3.1T on Friday.", 3.1e12, "dollar"),
    ("The lot is 600 m^2 and the tank holds 8 m^3.", 600.0, "square metre"),
    ("The pond covers 3 km squared.", 3.0, "square kilometre"),
    ("The basin covers 12km^2.", 12.0, "square kilometre"),
    ("The panel is 14 in wide.", 14.0, "inch"),
    ("The port raised HK$ 4 billion from the sale.", 4e9, "hong kong dollar"),
    ("The villa sold for Dh3.2m last month.", 3.2e6, "united arab emirates dirham"),
    ("Copper traded at $8,400 a tonne on Monday.", 8400.0, "dollar per tonne"),
    ("Commuters paid $4-a-gallon petrol in May.", 4.0, "dollar per gallon"),
    ("The coach agreed a $6 million-a-year deal.", 6e6, "dollar per year"),
    ("Jakarta set aside Rp 8 trillion for the plan.", 8e12, "indonesian rupiah"),
    ("Dhaka approved Tk 300 crore in aid.", 3e9, "bangladeshi taka"),
    ("Accra borrowed GH₵ 5 million from the bank.", 5e6, "ghanaian cedi"),
    ("Potatoes cost S/ 3.20 a kilo in Cusco.", 3.2, "peruvian sol per kilogram"),
    ("The club paid 12 million soles for the striker.", 12e6, "peruvian sol"),
    ("The pension fund lost 9 billion kronor.", 9e9, "swedish krona"),
    ("The court fined the firm TL 2 million.", 2e6, "turkish lira"),
    ("Tacos cost Mex$ 45 in the capital.", 45.0, "mexican peso"),
])
def test_shapes_read_as_one_quantity(nlp, text, value, unit):
    found = claims(nlp, text)
    assert found, text
    assert found[0].value == pytest.approx(value) and found[0].unit == unit, [(c.text, c.value, c.unit) for c in found]


def test_a_scale_letter_on_the_second_end_of_a_money_range(nlp):
    assert readings(nlp, "Repairs will cost £4-8m over two years.")[0] == (4e6, 8e6, "pound sterling")
    assert readings(nlp, "The relay is 4-8m long.") == [(4.0, 8.0, "metre")]


def test_a_symbol_glued_to_the_number_before_a_full_stop(nlp):
    assert readings(nlp, "Highs will reach 28-31C.") == [(28.0, 31.0, "celsius")]


def test_counted_nouns_of_a_part_and_capitalised_plurals(nlp):
    assert readings(nlp, "The union said 400 of its members walked out.") == [(400.0, None, "member")]
    # the whole's own number stays a claim of its own
    assert readings(nlp, "She scored 18 of her team-high 27 points.") == [(18.0, None, "point"), (27.0, None, "point")]
    # a version number is no count of what follows
    assert [c.unit for c in claims(nlp, "Compare release 4.0 of the browsers.")] == [None]
    [c] = claims(nlp, "The collector sold 4 Porsches last year.")
    assert c.value == 4.0 and c.kind == "count"


def test_between_two_equal_values_is_no_range(nlp):
    assert readings(nlp, "It makes no difference between 5 kg and 5 kilograms.") == [(5.0, None, "kilogram")] * 2


def test_half_a_counted_whole(nlp):
    [c] = claims(nlp, "Half the passengers left the train at the border.")
    assert c.kind == "fraction" and c.value == 0.5 and c.unit == "passenger"


def test_suspended_hyphen_ranges_take_the_second_unit(nlp):
    assert readings(nlp, "Engineers plan a 6- to 9-metre sea wall.") == [(6.0, 9.0, "metre")]
    assert readings(nlp, "Prices fell 3- to 4-percent in the quarter.") == [(3.0, 4.0, "percentage")]
    # a duration used as an adjective stays out, both ends
    assert readings(nlp, "The judge may impose a 2- to 4-year term.") == []


@pytest.mark.parametrize("text", [
    "Results for fiscal 2021-22 were restated.",          # a span of years
    "The 1998/99 season ended early.",
    "For tickets call 1-800-555-0142 today.",              # phone numbers
    "Readers abroad can call +44 20 7946 0321.",
    "Dial 0800 123 4567 for the helpline.",                # leading zeros make codes
    "The update to version 17.2.1 fixed the bug.",         # versions and addresses
    "The server answered at 10.0.0.12 overnight.",
])
def test_not_quantities(nlp, text):
    assert claims(nlp, text) == [], [(c.text, c.value) for c in claims(nlp, text)]


def test_plain_spaces_group_thousands_only_before_a_unit(nlp):
    # "some 300 747 jets" is two numbers, not 300,747
    assert [c.value for c in claims(nlp, "The airline retired some 300 747 jets.")] == [300.0, 747.0]


def test_one_letter_symbols_keep_their_limits(nlp):
    # "in" before a word that is no size stays a preposition; a closing period after "W" is not read as watts
    assert readings(nlp, "He scored 2 in the second half.") == [(2.0, None, None)]
    assert all(c.unit != "watt" for c in claims(nlp, "They live at 2200 W. Lake Road."))


def test_prices_a_unit_before_a_date_word_stay_rates(nlp):
    [c] = claims(nlp, "Gold closed at $1,950 an ounce on Thursday.")
    assert c.unit == "dollar per ounce"
    # a time denominator before "earlier" is still a date, not a rate
    [d] = claims(nlp, "Profit was $4.2 billion a year earlier.")
    assert d.unit == "dollar"


def test_midpoint_scoring_for_gold_that_writes_ranges_as_midpoints():
    gold = [GoldSentence("x", [(47.0, "milligram")])]
    assert score("s", gold, [[((44.0, 50.0), "milligram")]]).value_unit[2] == 0.0
    assert score("s", gold, [[((44.0, 50.0), "milligram")]], average_predicted_ranges=True).value_unit[2] == 100.0


def test_quantulum_tests_split_into_fixed_halves():
    gold = load_quantulum_tests()
    assert gold is not None, "quantulum3 is a runtime dependency: its test sentences must be installed"
    tuning, check = select_half(gold, "tuning"), select_half(gold, "check")
    assert (len(tuning), len(check)) == (61, 60)
    assert all(newsquant_half(g.text) == "check" for g in check)


# quantulum3's test sentences, check half (never read): measured 75.0 / 57.9 when set (session 5)
QUANTULUM_CHECK_VALUE_FLOOR = 73.0
QUANTULUM_CHECK_VALUE_UNIT_FLOOR = 56.0


def test_floor_on_quantulum_tests_check_half(nlp):
    s = evaluate_quantulum_tests(half="check", nlp=nlp)
    assert s is not None, "quantulum3 is a runtime dependency: its test sentences must be installed"
    assert s.sentences == 60
    assert s.value[2] >= QUANTULUM_CHECK_VALUE_FLOOR, s
    assert s.value_unit[2] >= QUANTULUM_CHECK_VALUE_UNIT_FLOOR, s
