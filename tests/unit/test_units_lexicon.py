"""Units across many families, on sentences written for these tests (none copied from any corpus): the hand
tables and the broad lexicon read from quantulum3's unit data (``enrich/unit_lexicon.py``)."""

from __future__ import annotations

import pytest

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.enrich.unit_lexicon import build_lexicon, is_symbol, lexicon, pluralize
from storydesk.enrich.units import match_suffix_unit, match_table_unit


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def measures(nlp, text: str) -> list[tuple[float, float | None, str | None]]:
    found = [c for c in find_claims(nlp(text)) if c.kind not in ("ordinal", "rank")]
    for c in found:
        assert text[c.start:c.end] == c.text
    return [(c.value, c.value_high, c.unit) for c in found]


@pytest.mark.parametrize(("text", "value", "unit"), [
    # speed
    ("The storm's gusts reached 140 kilometres per hour near the coast.", 140, "kilometre per hour"),
    ("The new line lets trains run at 320 km/h on the plain.", 320, "kilometre per hour"),
    ("The sprinter hit 12.4 metres per second in the final stretch.", 12.4, "metre per second"),
    ("The frigate can sail at 30 knots.", 30, "knot"),
    # energy and power
    ("The dam produced 4.5 terawatt-hours last year.", 4.5, "terawatt hour"),
    ("Each cell stores 60 kilojoules when fully charged.", 60, "kilojoule"),
    ("The quake released 2 petajoules of energy.", 2, "petajoule"),
    ("The turbine is rated at 2.5 megawatts.", 2.5, "megawatt"),
    ("The handset packs a 5,000 mAh battery.", 5000, "milliampere-hour"),
    ("A 10 kV line runs past the village.", 10, "kilovolt"),
    ("The capacitor is rated at 470 microfarads.", 470, "microfarad"),
    ("The bulb gives 800 lumens of light.", 800, "lumen"),
    ("Workers received 20 millisieverts during the repair.", 20, "millisievert"),
    # data sizes and rates
    ("The phone ships with 256 GB of storage.", 256, "gigabyte"),
    ("The broadcaster's archive holds 3 petabytes of footage.", 3, "petabyte"),
    ("Fibre customers get 900 Mbps downloads.", 900, "megabit per second"),
    # area and volume
    ("The fire burned through 12,000 hectares of forest.", 12000, "hectare"),
    ("The flat measures 85 square metres.", 85, "square metre"),
    ("Their garden covers 40 square yards.", 40, "square yard"),
    ("The truck dumped 500 cubic yards of sand on the beach.", 500, "cubic yard"),
    ("The lake lost 2 cubic kilometres of water over the summer.", 2, "cubic kilometre"),
    ("Stir in 3 tablespoons of olive oil.", 3, "tablespoon"),
    # pressure, mass
    ("Drivers should keep their tyres at 32 psi.", 32, "pound per square inch"),
    ("The pressure at the centre of the storm fell to 950 hectopascals.", 950, "hectopascal"),
    ("The lab measured 15 nanograms of lead.", 15, "nanogram"),
    ("The truck weighs 40,000 lbs.", 40000, "pound-mass"),
    ("The resistor in the circuit is 470 Ω.", 470, "ohm"),
    # hand-table names aligned with quantulum3's (NewsQuant's) names
    ("Ozone levels reached 90 ppm near the plant.", 90, "parts-per-million"),
    ("The furnace is rated at 80,000 British thermal units.", 80000, "british thermal unit"),
    ("A slice has 250 kcal.", 250, "kilocalorie"),
    ("The lattice spacing is 3.5 Å.", 3.5, "ångström"),
    # currencies of other countries
    ("A ticket to the museum costs 45 Swiss francs.", 45, "swiss franc"),
    ("She paid NOK 3,000 for the bicycle.", 3000, "norwegian krone"),
    ("The court fined the firm 2,500 Czech korunas.", 2500, "czech koruna"),
    ("The fund raised 1.2 billion Brazilian reais.", 1.2e9, "brazilian real"),
    ("A coffee there costs 120 baht.", 120, "thai baht"),
    ("The firm paid SFr 12 million in fines.", 12e6, "swiss franc"),  # a sign only the lexicon has
    ("The lunch set cost 1,200円 at the station.", 1200, "japanese yen"),
    # rates: per, a, slash
    ("Diesel sold for $4 a gallon last week.", 4, "dollar per gallon"),
    ("The rent is €1,200 per month.", 1200, "euro per month"),
    ("Rice costs 50 rupees per kilogram in the market.", 50, "indian rupee per kilogram"),
    ("Coal traded at $120 per tonne.", 120, "dollar per tonne"),
    ("The dose was 2 mg/kg of body weight.", 2, "milligram per kilogram"),
    ("The panel generates 350 kWh/year.", 350, "kilowatt hour per year"),
    ("The reactor's output fell to 900 megajoules per second.", 900, "megajoule per second"),
])
def test_unit_families(nlp, text, value, unit):
    assert (pytest.approx(value), None, unit) in measures(nlp, text)


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("The trail is between 3 and 5 km long.", 3, 5, "kilometre"),
    ("Temperatures will climb from 20 to 25 degrees Celsius.", 20, 25, "celsius"),
    ("The batteries hold between 10 and 12 kilojoules.", 10, 12, "kilojoule"),
    ("Their plots range from 200 to 300 square yards.", 200, 300, "square yard"),
])
def test_ranges_take_the_unit_of_the_second_end(nlp, text, low, high, unit):
    assert measures(nlp, text) == [(low, high, unit)]


@pytest.mark.parametrize(("text", "expected"), [
    # a unit name before a plural noun is part of what is counted; before a singular noun it is the measure
    ("The team played 36 league games last season.", (36, None, "league game")),
    ("The car has a 5.2 litre engine.", (5.2, None, "litre")),
    ("She bought a 300-lumen lamp for the shed.", (300, None, "lumen")),
    # a symbol is always the measure
    ("Pharmacies stock the 500mg tablets again.", (500, None, "milligram")),
    # a function word is never a unit ("in" is also the inch symbol), nor an ordinal suffix ("st": stere)
    ("They scored 3 in the second half.", (3, None, None)),
    # an adjective is no one-word unit ("gray" is also the unit of absorbed dose)
    ("Two gray wolves crossed the road.", (2, None, "gray wolf")),
    ("The patient received 2 gray of radiation.", (2, None, "gray")),
    # one-word synonyms are left out: "dots" is not read as pixels, "candles" not as candelas
    ("The printer makes 600 dots per inch.", (600, None, "dot")),
    ("She lit 3 candles on the cake.", (3, None, "candle")),
])
def test_what_a_unit_word_is(nlp, text, expected):
    assert expected in measures(nlp, text)


@pytest.mark.parametrize(("text", "not_unit"), [
    ("The router supports 802.11ac and costs less.", "acre"),  # glued letters the tokenizer keeps: a name
    ("She bought a 2-in-1 laptop for school.", "inch"),  # a compound word
    ("The bullets weigh 180 gr each.", "gross"),  # a counted thing's symbol ("gr"): not read
    ("The rocks there are 24 Ty old, he joked.", "terayear"),  # no SI prefixes on time symbols
])
def test_lexicon_readings_that_are_not_units(nlp, text, not_unit):
    assert all(u != not_unit for _, _, u in measures(nlp, text))


def test_frames_per_second(nlp):
    # quantulum3 reads "fps" as foot per second; news means frames
    assert (60, None, "frame per second") in measures(nlp, "The console renders games at 60fps.")


def test_ordinal_suffix_is_no_unit(nlp):
    assert all(u != "stere" for _, _, u in measures(nlp, "She finished 71st in the race."))


def test_lexicon_is_read_from_quantulum3():
    lex = lexicon()
    assert lex.words["kilopascals"].name == "kilopascal"
    assert lex.symbols["kPa"].name == "kilopascal"
    assert lex.words["square feet"].name == "square foot"
    assert is_symbol("psi") and not is_symbol("joule")
    # symbols shared by several units are left out: "F" is fahrenheit and farad, "Mb" megabit and mega base pair
    assert "F" not in lex.letters and "Mb" not in lex.symbols
    # single-word names of counted things and of currencies are left to their own rules
    assert "pair" not in lex.words and "real" not in lex.words and "rand" not in lex.words
    # prefixes that collide with words keep no symbol ("am" would be attometre)
    assert "am" not in lex.symbols and "pm" not in lex.symbols
    assert build_lexicon(None).words == {}


@pytest.mark.parametrize(("singular", "plural"), [
    ("joule", "joules"), ("inch", "inches"), ("century", "centuries"), ("square foot", "square feet"),
    ("metre per second", "metres per second"), ("millimetre of mercury", "millimetres of mercury"),
    ("hertz", "hertz"),
])
def test_pluralize(singular, plural):
    assert pluralize(singular) == plural


def test_hand_tables_first_lexicon_only_when_longer():
    text = "about 5 km of road"
    assert match_suffix_unit(text, 7) == match_table_unit(text, 7)  # same span: the hand table's unit
    unit, end = match_suffix_unit("5 cubic yards", 1)
    assert (unit.name, unit.source, end) == ("cubic yard", "lexicon", 13)
    assert match_table_unit("5 cubic yards", 1) is None
    assert match_suffix_unit("5 cubic yards", 1, lexicon=False) is None


@pytest.mark.parametrize("text", [
    "The iPhone 15 sold out in hours.", "Microsoft will stop supporting Windows 10 next year.",
    "He still plays on his Xbox 360 most nights.", "The PlayStation 5 launched in November.",
    "The Android 14 update arrives this week.", "Their PowerBook 17 still works.",
])
def test_product_names_are_no_quantities(nlp, text):
    # a proper noun or a camel-case word right before a plain number names a model, with no list of products
    assert measures(nlp, text) == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The country imported 2m tonnes of wheat last year.", 2e6, "tonne"),
    ("The firm shipped 1.5m barrels in March.", 1.5e6, "barrel"),
    ("The wall is 2.5m tall.", 2.5, "metre"),
])
def test_scale_letter_before_a_plural_unit(nlp, text, value, unit):
    # a bare scale letter glued to the digits is a scale before any plural noun, units included
    assert (pytest.approx(value), None, unit) in measures(nlp, text)
