"""Numeric claims on sentences written for these tests (none copied from any corpus)."""

from __future__ import annotations

import pytest

from storydesk.enrich.claims import find_claims, find_claims_in_text
from storydesk.enrich.nlp import load_nlp
from storydesk.model import Claim, from_dict, to_dict


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def claims(nlp, text: str, *, all_kinds: bool = False) -> list[Claim]:
    found = find_claims(nlp(text))
    for c in found:
        assert text[c.start:c.end] == c.text  # offsets are exact
    return found if all_kinds else [c for c in found if c.kind not in ("ordinal", "rank")]


def one(nlp, text: str) -> Claim:
    found = claims(nlp, text)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


@pytest.mark.parametrize(("text", "hedge", "bound"), [
    ("Officials said approximately 3,000 soldiers crossed the river.", "approximately", None),
    ("The ministry counted about 450 drones in the exercise.", "about", None),
    ("The plant will create up to 400 jobs in the valley.", "up to", "upper"),
    ("Nearly 57% of the harbour was closed.", "nearly", None),
    ("The brigade has more than 6,650 members.", "more than", "lower"),
    ("The fleet has at least 12 submarines.", "at least", "lower"),
])
def test_hedges(nlp, text, hedge, bound):
    c = one(nlp, text)
    assert c.hedge == hedge and c.approximate and c.bound == bound
    assert c.text.lower().startswith(hedge)


def test_exact_number_is_not_approximate(nlp):
    c = one(nlp, "The navy launched 14 patrol boats on Monday.")
    assert (c.value, c.approximate, c.hedge, c.counted, c.unit, c.kind) == (14, False, None, "patrol boats",
                                                                            "patrol boat", "count")


@pytest.mark.parametrize(("text", "modality"), [
    ("The garrison could swell to 12,000 by spring.", "projected"),
    ("Exports are expected to reach 5 million tonnes next year.", "projected"),
    ("The army will deploy 800 engineers to the border.", "projected"),
    ("An estimated 2,000 villagers fled the valley.", "estimated"),
    ("Analysts estimate that the programme costs $1.5 billion.", "estimated"),
    ("The storm destroyed 37 houses in the port.", "reported"),
])
def test_modality(nlp, text, modality):
    assert one(nlp, text).modality == modality


def test_subject_of_a_projection_is_reported(nlp):
    found = claims(nlp, "The 3,000 troops stationed there could swell to 12,000.")
    assert [(c.value, c.modality) for c in found] == [(3000, "reported"), (12000, "projected")]
    assert found[0].counted == "troops" and found[0].unit == "troop"


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("Tickets will cost between $62 and $68 per seat.", 62, 68, "dollar per seat"),
    ("The convoy moved at 15-22 miles per hour.", 15, 22, "mile per hour"),
    ("Her weight fell from 180 pounds to 165 over the winter.", 180, 165, "pound-mass"),
    ("The hall holds 1 to 2 thousand people.", 1000, 2000, "people"),
    ("Growth slowed to 5 to 7 per cent.", 5, 7, "percentage"),
    ("The repairs will take three or four weeks.", 3, 4, "week"),
    ("Bids ranged from $200,000 to $4 million.", 200_000, 4_000_000, "dollar"),
    ("The agency forecasts a deficit of US $89 to $93 billion.", 89e9, 93e9, "dollar"),
])
def test_ranges(nlp, text, low, high, unit):
    c = one(nlp, text)
    assert (c.value, c.value_high, c.unit) == (low, high, unit)


def test_change_then_level_is_not_a_range(nlp):
    found = claims(nlp, "The deficit increased by $40 billion to $410 billion last year.")
    assert [(c.value, c.value_high) for c in found] == [(40e9, None), (410e9, None)]


@pytest.mark.parametrize(("text", "value", "currency", "unit"), [
    ("Seoul approved $1.2 billion in arms sales.", 1.2e9, "USD", "dollar"),
    ("The fund holds 1.2bn euros in bonds.", 1.2e9, "EUR", "euro"),
    ("The budget sets aside ₩3 trillion for defence.", 3e12, "KRW", "south korean won"),
    ("The club paid £2.7m for the striker.", 2.7e6, "GBP", "pound sterling"),
    ("Brent traded at US $58.24 per barrel.", 58.24, "USD", "dollar per barrel"),
    ("The yacht sold for USD10m in May.", 1e7, "USD", "dollar"),
    ("The fine was 10.5 million Australian dollars.", 10.5e6, "AUD", "australian dollar"),
    ("A ticket costs 5,000 yen at the gate.", 5000, "JPY", "japanese yen"),
    ("The loan totals 300 million yuan.", 3e8, "CNY", "chinese yuan"),
])
def test_money(nlp, text, value, currency, unit):
    c = one(nlp, text)
    assert (c.value, c.currency, c.unit, c.kind) == (pytest.approx(value), currency, unit, "money")


def test_money_counted(nlp):
    c = one(nlp, "Seoul approved $1.2 billion in arms sales.")
    assert c.counted == "arms sales"
    assert one(nlp, "About 5% of its workforce left.").counted == "workforce"


@pytest.mark.parametrize(("text", "value"), [
    ("Turnout rose 5 per cent in the north.", 5),
    ("The yield is 1.38pc this week.", 1.38),
    ("Only 0.2% of voters abstained.", 0.2),
])
def test_percentages(nlp, text, value):
    c = one(nlp, text)
    assert (c.value, c.unit, c.kind) == (value, "percentage", "percent")


@pytest.mark.parametrize(("text", "value", "high", "unit"), [
    ("Three ministers resigned on Friday.", 3, None, "minister"),
    ("She bought a dozen lanterns.", 12, None, "lantern"),
    ("Tens of thousands of protesters marched.", 1e4, 1e5, "protester"),
    ("Hundreds of drones were intercepted.", 100, 1000, "drone"),
    ("Some twenty-five trucks crossed.", 25, None, "truck"),
    ("There were 4 hundred million subscribers.", 4e8, None, "subscriber"),
    ("A third of the harvest was lost.", 1 / 3, None, "harvest"),  # a share of what follows "of"
])
def test_number_words(nlp, text, value, high, unit):
    c = one(nlp, text)
    assert (c.value, c.value_high, c.unit) == (pytest.approx(value), high, unit)


def test_units_of_measure(nlp):
    found = claims(nlp, "The missile flew about 3,700 kilometers (2,300 miles) in 19 minutes at 50mph.")
    assert [(c.value, c.unit) for c in found] == [(3700, "kilometre"), (2300, "mile"), (19, "minute"),
                                                  (50, "mile per hour")]


def test_ordinals_and_ranks(nlp):
    found = claims(nlp, "It is the ninth-largest economy and finished 21st in the league.", all_kinds=True)
    rank = next(c for c in found if c.kind == "rank")
    assert (rank.value, rank.text, rank.counted) == (9, "ninth-largest", "economy")
    assert any(c.kind == "ordinal" and c.value == 21 for c in found)


@pytest.mark.parametrize("text", [
    "The summit was held in 2019 in Geneva.",
    "The talks began on September 8 and ended at 10:30 a.m. on Friday.",
    "He bought an iPhone 11 before Game 7.",
    "The office is at 12 Harbour Road in the old town.",
    "Cases of COVID-19 rose sharply.",
    "The S&P 500 closed higher.",
])
def test_non_claims(nlp, text):
    assert claims(nlp, text) == []


def test_ages(nlp):
    c = one(nlp, "A 50-year-old fisherman was rescued.")
    assert (c.value, c.unit, c.kind) == (50, "year of age", "age")
    c = one(nlp, "Petrova, 66, said she would stay.")
    assert (c.value, c.unit) == (66, "year of age")


def test_negative_values(nlp):
    found = claims(nlp, "The night fell to minus 30 degrees and the balance to $-5bn.")
    assert [(c.value, c.unit) for c in found] == [(-30, "degree"), (-5e9, "dollar")]


def test_sentence_start_and_text_convenience(nlp):
    text = "The port is quiet. Nine ships left on Tuesday."
    found = find_claims_in_text(text, nlp=nlp)
    assert len(found) == 1 and found[0].sentence_start == text.index("Nine")
    assert found[0].value == 9 and found[0].unit == "ship"


def test_claim_round_trips_through_dict(nlp):
    c = one(nlp, "Seoul approved $1.2 billion in arms sales.")
    assert from_dict(Claim, to_dict(c)) == c


@pytest.mark.parametrize(("text", "modalities"), [
    ("Hundreds of thousands of pilgrims are expected to arrive on Sunday.", ["projected"]),
    ("About 800 engineers will join the mission.", ["projected"]),
    ("The 3,000 troops are expected to swell to 12,000.", ["reported", "projected"]),
])
def test_modality_of_subjects(nlp, text, modalities):
    assert [c.modality for c in claims(nlp, text)] == modalities


def test_label_numbers_are_not_claims(nlp):
    assert claims(nlp, "The race was stopped on lap 20 after the crash.") == []


def test_works_on_a_doc_without_parser(nlp):
    import spacy

    doc = spacy.blank("en")("Officials counted 1,200 boats and $5 million in damage.")
    found = find_claims(doc)
    assert [(c.value, c.unit, c.sentence_start) for c in found] == [(1200, None, None), (5e6, "dollar", None)]


def test_two_out_of_three(nlp):
    c = one(nlp, "Two out of three residents stayed.")
    assert c.value == pytest.approx(2 / 3) and c.kind == "fraction"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The border post is a third of a mile away.", 1 / 3, "mile"),
    ("Add 1/16 of a US pint of water.", 1 / 16, "pint"),
])
def test_fractions_of_units(nlp, text, value, unit):
    c = one(nlp, text)
    assert (c.value, c.unit) == (pytest.approx(value), unit)


def test_count_per_time(nlp):
    found = claims(nlp, "The clinic sees 40 patients a day and employs 12 nurses.")
    assert [(c.text, c.unit) for c in found] == [("40 patients a day", "patient per day"), ("12 nurses", "nurse")]


def test_line_breaks_start_sentences(nlp):
    text = "Photo: Reuters\n  12 boats sank near the port."
    [c] = find_claims_in_text(text, nlp=nlp)
    assert c.sentence_start == text.index("12")


def test_korean_won_and_what_is_counted(nlp):
    found = claims(nlp, "Seoul will spend 5 trillion won. Pyongyang fired more than 70 missiles last year.")
    assert [(c.value, c.currency, c.counted) for c in found] == [(5e12, "KRW", None), (70, None, "missiles")]
    c = one(nlp, "Russia could deploy up to 100,000 more troops.")
    assert (c.unit, c.counted, c.modality, c.bound) == ("troop", "troops", "projected", "upper")


def test_money_worth_of(nlp):
    found = claims(nlp, "Poland signed a $1.2 billion arms deal and bought $300 million worth of shells.")
    assert [c.counted for c in found] == ["arms deal", "shells"]


@pytest.mark.parametrize("text", ["", "  \n ", "$", "minus", "$-", "1e999 kg", "10^400 stars", "9" * 400 + " ships"])
def test_degenerate_input_does_not_fail(nlp, text):
    for c in claims(nlp, text):
        assert c.value == c.value  # finite, not NaN


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Exports to the region were worth NOK 3.2 billion.", 3.2e9, "norwegian krone"),
    ("The fine came to 2.3m Brazilian reais.", 2.3e6, "brazilian real"),
    ("He paid 500 zloty for the permit.", 500.0, "polish zloty"),
    ("The currency slid to 1,450 won against the dollar.", 1450.0, "south korean won"),
    ("The developer reported a profit of Rs 1,200 crore.", 1.2e10, "indian rupee"),
    ("The ministry budgeted KSh2 billion for the dam.", 2e9, "kenyan shilling"),
    ("Rent rose to 3,000 baht a month.", 3000.0, "thai baht per month"),
])
def test_currencies_by_code_sign_and_name(nlp, text, value, unit):
    c = one(nlp, text)
    assert c.value == pytest.approx(value) and c.unit == unit and c.kind == "money"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Growers were paid 800 rupees per hectare.", 800.0, "indian rupee per hectare"),
    ("The treatment costs $2,000 per dose.", 2000.0, "dollar per dose"),
    ("The offence gave up 410 passing yards.", 410.0, "yard"),
    ("The storm left 1.2m people without power.", 1.2e6, "people"),
    ("A woman aged 45 was rescued.", 45.0, "year of age"),
])
def test_rates_heads_scales_and_ages(nlp, text, value, unit):
    c = one(nlp, text)
    assert c.value == pytest.approx(value) and c.unit == unit


def test_a_partitive_counts_the_whole_and_keeps_its_number(nlp):
    found = claims(nlp, "The club has won 7 of its 10 matches.")
    assert [(c.value, c.unit) for c in found] == [(7.0, "match"), (10.0, "match")]


def test_an_index_level_after_points_is_in_points(nlp):
    found = claims(nlp, "The index closed up 150.5 points at 24,300.")
    assert [(c.value, c.unit) for c in found] == [(150.5, "point"), (24300.0, "point")]


def test_a_scale_letter_before_a_unit_stays_a_unit(nlp):
    c = one(nlp, "The wall is 2.5m tall.")
    assert (c.value, c.unit) == (2.5, "metre")


@pytest.mark.parametrize(("text", "unit"), [
    ("He will be 35 by the end of the year.", "year of age"),
    ("She turned 50 last week.", "year of age"),
    ("He was 3 points behind.", "point"),
])
def test_a_persons_number_after_be_or_turn_is_an_age(nlp, text, unit):
    assert one(nlp, text).unit == unit
