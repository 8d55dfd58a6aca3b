"""Lexicon for numeric claims: number words, scale words, currencies and units of measurement.

Unit names follow the spelling that quantity-extraction benchmarks use (British "metre", "percentage",
"pound sterling"), so a claim's ``unit`` can be compared with them directly. Tables are written by hand
for news text: money, percentages, distances, speeds, weights, energy, data and time; a unit not listed is
left as the noun that follows the number ("3,000 troops" -> unit "troop").

Sources: written by the storydesk authors; currency names and codes follow the ISO 4217 list (code and
English name, facts not subject to copyright), unit names the SI brochure and NewsQuant's normalised unit
names. The project's licence applies.
"""

from __future__ import annotations

import functools
import re

from .unit_lexicon import Unit, match_lexicon_currency, match_lexicon_unit

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12, "k": 1e3,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,  # South Asian scale words
}
# "dozens of", "hundreds of": an order of magnitude, as NewsQuant annotates them (from x to 10x).
VAGUE = {"dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
         "trillions": 1e12}
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)


# Currency signs and codes written before the number ("$1.2 billion", "US $58", "₩3 trillion", "USD10m").
# "PS" and "Y=" are how some feeds mangle "£" and "¥".
CURRENCY_PREFIXES: list[tuple[str, Unit]] = [
    (r"US ?\$|\$ ?US|U\.S\. ?\$", Unit("dollar", "money", "USD")),
    (r"A ?\$|\$ ?A|AU\$|AUD ?", Unit("australian dollar", "money", "AUD")),
    (r"C ?\$|CA\$|CAD ?", Unit("canadian dollar", "money", "CAD")),
    (r"NZ ?\$|NZD ?", Unit("new zealand dollar", "money", "NZD")),
    (r"HK ?\$|HKD ?", Unit("hong kong dollar", "money", "HKD")),
    (r"S\$|SGD ?", Unit("singapore dollar", "money", "SGD")),
    (r"R\$|BRL ?", Unit("brazilian real", "money", "BRL")),
    (r"NT ?\$", Unit("new taiwan dollar", "money", "TWD")),
    (r"Mex ?\$|MX\$", Unit("mexican peso", "money", "MXN")),
    (r"USD ?", Unit("dollar", "money", "USD")),
    (r"\$", Unit("dollar", "money", "USD")),
    (r"€|EUR ?", Unit("euro", "money", "EUR")),
    (r"£|PS|GBP ?", Unit("pound sterling", "money", "GBP")),
    (r"¥|Y=|JPY ?", Unit("japanese yen", "money", "JPY")),
    (r"₩|KRW ?", Unit("south korean won", "money", "KRW")),
    (r"CNY ?|RMB ?", Unit("chinese yuan", "money", "CNY")),
    (r"₹|Rs\.? ?|INR ?", Unit("indian rupee", "money", "INR")),
    (r"₽|RUB ?", Unit("russian ruble", "money", "RUB")),
    (r"CHF ?", Unit("swiss franc", "money", "CHF")),
    (r"RM ?", Unit("malaysian ringgit", "money", "MYR")),
    (r"₪|NIS ?|ILS ?", Unit("shekel", "money", "ILS")),
    (r"₴|UAH ?", Unit("ukrainian hryvnia", "money", "UAH")),
    *((rf"{code} ?", Unit(name, "money", code)) for code, name in (
        ("NOK", "norwegian krone"), ("SEK", "swedish krona"), ("DKK", "danish krone"),
        ("PLN", "polish zloty"), ("CZK", "czech koruna"), ("HUF", "hungarian forint"),
        ("ZAR", "south african rand"), ("MXN", "mexican peso"), ("TRY", "turkish lira"),
        ("THB", "thai baht"), ("IDR", "indonesian rupiah"), ("SAR", "saudi riyal"),
        ("AED", "united arab emirates dirham"), ("TWD", "new taiwan dollar"),
        ("PKR", "pakistani rupee"), ("NGN", "nigerian naira"), ("EGP", "egyptian pound"),
("ARS", "argentine peso"), ("CLP", "chilean peso"),
        ("COP", "colombian peso"), ("VND", "vietnamese dong"), ("HRK", "croatian kuna"),
        ("RON", "romanian leu"), ("BGN", "bulgarian lev"), ("QAR", "qatari riyal"),
        ("KWD", "kuwaiti dinar"), ("IRR", "iranian rial"), ("KZT", "kazakhstani tenge"),
        ("BDT", "bangladeshi taka"), ("PHP", "philippine peso"), ("KPW", "north korean won"))),
    (r"K?Sh ?|KES ?", Unit("kenyan shilling", "money", "KES")),
    (r"Dhs? ?", Unit("united arab emirates dirham", "money", "AED")),  # Gulf papers: "Dh2.5m", "Dhs 40"
    (r"Rp ?", Unit("indonesian rupiah", "money", "IDR")),
    (r"Tk ?", Unit("bangladeshi taka", "money", "BDT")),
    (r"GH[₵¢] ?|GHS ?", Unit("ghanaian cedi", "money", "GHS")),
    (r"S/ ?|PEN ?", Unit("peruvian sol", "money", "PEN")),
    (r"TL ?", Unit("turkish lira", "money", "TRY")),
    (r"zł ?", Unit("polish zloty", "money", "PLN")),
    (r"₺", Unit("turkish lira", "money", "TRY")),
    (r"₦", Unit("nigerian naira", "money", "NGN")),
    (r"₱", Unit("philippine peso", "money", "PHP")),
    (r"฿", Unit("thai baht", "money", "THB")),
    (r"₫", Unit("vietnamese dong", "money", "VND")),
]

# Units written after the number. Each entry: surface pattern, unit, and whether it is case-sensitive
# (symbols such as "m", "M", "C", "p" must keep their case; words need not).
_U = Unit
SUFFIX_UNITS: list[tuple[str, Unit, bool]] = [
    # money written out
    (r"(?:US|U\.S\.|American) dollars?", _U("dollar", "money", "USD"), False),
    (r"Australian dollars?", _U("australian dollar", "money", "AUD"), False),
    (r"Canadian dollars?", _U("canadian dollar", "money", "CAD"), False),
    (r"Hong Kong dollars?", _U("hong kong dollar", "money", "HKD"), False),
    (r"New Zealand dollars?", _U("new zealand dollar", "money", "NZD"), False),
    (r"Singapore dollars?", _U("singapore dollar", "money", "SGD"), False),
    (r"Taiwan(?:ese)? dollars?", _U("new taiwan dollar", "money", "TWD"), False),
    (r"dollars?", _U("dollar", "money", "USD"), False),
    (r"USD|US\$", _U("dollar", "money", "USD"), True),
    (r"euros?|EUR|€", _U("euro", "money", "EUR"), False),
    (r"pounds? sterling|sterling|GBP|£", _U("pound sterling", "money", "GBP"), False),
    (r"(?:Japanese )?yen|JPY", _U("japanese yen", "money", "JPY"), False),
    (r"(?:Chinese )?yuan|renminbi|CNY|RMB", _U("chinese yuan", "money", "CNY"), False),
    (r"(?:South )?Korean won|KRW", _U("south korean won", "money", "KRW"), False),
    (r"North Korean won|KPW", _U("north korean won", "money", "KPW"), False),
    (r"won(?=\s?[.,;:)(]|\s(?:\(|\$|in|of|a|per|to|from|and|worth|or|against|versus|for|on|at|by)\b|$)",
     _U("south korean won", "money", "KRW"), True),
    (r"(?:Indian )?rupees?|INR", _U("indian rupee", "money", "INR"), False),
    (r"(?:Russian )?(?:roubles?|rubles?)|RUB", _U("russian ruble", "money", "RUB"), False),
    (r"(?:Swiss )?francs?|CHF", _U("swiss franc", "money", "CHF"), False),
    (r"(?:Israeli )?(?:new )?shekels?|NIS|ILS", _U("shekel", "money", "ILS"), False),
    (r"Danish (?:crowns?|kroner|krone)|DKK", _U("danish krone", "money", "DKK"), False),
    (r"Swedish (?:crowns?|kronor|krona)|kronor|SEK", _U("swedish krona", "money", "SEK"), False),
    (r"Norwegian (?:crowns?|kroner|krone)|NOK", _U("norwegian krone", "money", "NOK"), False),
    (r"(?:Malaysian )?ringgit|MYR", _U("malaysian ringgit", "money", "MYR"), False),
    (r"(?:Mexican )?pesos?|MXN", _U("mexican peso", "money", "MXN"), False),
    (r"(?:Turkish )?liras?|TRY", _U("turkish lira", "money", "TRY"), False),
    (r"(?:South African )?rand|ZAR", _U("south african rand", "money", "ZAR"), True),
    (r"hryvnias?|UAH", _U("ukrainian hryvnia", "money", "UAH"), False),
    # further currencies by name and ISO 4217 code (names as in the ISO 4217 list, lower-cased)
    (r"Brazilian real|(?:Brazilian )?reais|BRL", _U("brazilian real", "money", "BRL"), True),
    (r"(?:Polish )?(?:zlotys?|zloties|złoty)|PLN", _U("polish zloty", "money", "PLN"), False),
    (r"(?:Czech )?(?:korunas?|koruny)|Czech crowns?|CZK", _U("czech koruna", "money", "CZK"), False),
    (r"(?:Hungarian )?forints?|HUF", _U("hungarian forint", "money", "HUF"), False),
    (r"(?:Croatian )?kunas?|HRK|kn", _U("croatian kuna", "money", "HRK"), False),
    (r"(?:Romanian )?lei|RON", _U("romanian leu", "money", "RON"), True),
    (r"(?:Bulgarian )?leva|BGN", _U("bulgarian lev", "money", "BGN"), True),
    (r"(?:Thai )?baht|THB", _U("thai baht", "money", "THB"), False),
    (r"(?:Indonesian )?rupiah|IDR", _U("indonesian rupiah", "money", "IDR"), False),
    (r"(?:Vietnamese )?dong|VND", _U("vietnamese dong", "money", "VND"), True),
    (r"Philippine pesos?|PHP", _U("philippine peso", "money", "PHP"), True),
    (r"Argentine pesos?|ARS", _U("argentine peso", "money", "ARS"), True),
    (r"(?:Nigerian )?nairas?|NGN", _U("nigerian naira", "money", "NGN"), False),
    (r"(?:Kenyan )?shillings?|KES", _U("kenyan shilling", "money", "KES"), False),
    (r"Egyptian pounds?|EGP", _U("egyptian pound", "money", "EGP"), True),
    (r"(?:Saudi )?riyals?|SAR", _U("saudi riyal", "money", "SAR"), False),
    (r"Qatari riyals?|QAR", _U("qatari riyal", "money", "QAR"), False),
    (r"(?:Iranian )?rials?|IRR", _U("iranian rial", "money", "IRR"), False),
    (r"(?:UAE |Emirati )?dirhams?|AED", _U("united arab emirates dirham", "money", "AED"), False),
    (r"Kuwaiti dinars?|KWD", _U("kuwaiti dinar", "money", "KWD"), False),
    (r"Pakistani rupees?|PKR", _U("pakistani rupee", "money", "PKR"), False),
    (r"(?:Bangladeshi )?taka|BDT", _U("bangladeshi taka", "money", "BDT"), False),
    (r"(?:Ghanaian )?cedis?|GHS", _U("ghanaian cedi", "money", "GHS"), False),
    (r"Peruvian sol(?:es)?|soles|PEN", _U("peruvian sol", "money", "PEN"), True),
    (r"(?:Kazakh(?:stani)? )?tenge|KZT", _U("kazakhstani tenge", "money", "KZT"), False),
    (r"bitcoins?|BTC", _U("bitcoin", "money", "BTC"), False),
    (r"cents?", _U("cent", "money", "USD"), False),
    (r"pence", _U("penny", "money", "GBP"), False),
    (r"p(?!\w)(?!\.\w)", _U("penny", "money", "GBP"), True),
    (r"sen", _U("sen", "money", "MYR"), True),
    # percentages and points
    (r"percentage points?|pct pts?|ppts?", _U("percentage point", "percent"), False),
    (r"per ?cent|percent|pct|pc|%", _U("percentage", "percent"), False),
    (r"basis points?|bps|bp", _U("basis point", "percent"), False),
    (r"points?|pts", _U("point"), False),
    (r"times(?= (?:earnings|sales|book|revenue|more|as|the|higher|larger|bigger|faster)\b)", _U("times"),
     False),
    # age
    (r"(?:-| )?years?[- ]old|-?yr-old|yo\b", _U("year of age", "age"), False),
    (r"(?:-| )?months?[- ]old", _U("month of age", "age"), False),
    (r"(?:-| )?weeks?[- ]old", _U("week of age", "age"), False),
    (r"(?:-| )?days?[- ]old", _U("day of age", "age"), False),
    # speed
    (r"miles? (?:per|an|a) hour|mph|MPH", _U("mile per hour"), False),
    (r"(?:kilomet(?:re|er)s?|km) (?:per|an|a) hour|km/h|km/hr|kph|kmh", _U("kilometre per hour"), False),
    (r"met(?:re|er)s? per second|m/s", _U("metre per second"), False),
    (r"knots?", _U("knot"), False),
    (r"revolutions per minute|rpm", _U("revolutions per minute"), False),
    (r"miles? per gallon|mpg", _U("mile per gallon"), False),
    # length and area
    (r"square (?:kilomet(?:re|er)s?)|sq\.? ?km|km2|km²", _U("square kilometre"), False),
    (r"square (?:met(?:re|er)s?)|sq\.? ?m|m2|m²", _U("square metre"), False),
    (r"square (?:miles?)|sq\.? ?mi", _U("square mile"), False),
    (r"square (?:feet|foot)|sq\.? ?ft", _U("square foot"), False),
    (r"hectares?|ha", _U("hectare"), False),
    (r"acres?", _U("acre"), False),
    (r"cubic (?:feet|foot)|cu\.? ?ft", _U("cubic foot"), False),
    (r"cubic met(?:re|er)s?|m3|m³", _U("cubic metre"), False),
    (r"kilomet(?:re|er)s?|km", _U("kilometre"), False),
    (r"centimet(?:re|er)s?|cm", _U("centimetre"), False),
    (r"millimet(?:re|er)s?|mm", _U("millimetre"), False),
    (r"micromet(?:re|er)s?|microns?|μm|µm", _U("micrometre"), False),
    (r"nanomet(?:re|er)s?", _U("nanometre"), False),
    (r"nm", _U("nanometre"), True),
    (r"met(?:re|er)s?", _U("metre"), False),
    (r"m(?![\w/])", _U("metre"), True),
    (r"miles?", _U("mile"), False),
    (r"nautical miles?", _U("nautical mile"), False),
    (r"yards?|yds?", _U("yard"), False),
    (r"feet|foot|ft", _U("foot"), False),
    (r"inch(?:es)?|in\.|″|\"", _U("inch"), False),
    (r"light[- ]years?", _U("light-year"), False),
    # mass
    (r"(?:metric )?tonnes?|t(?![\w.])", _U("tonne"), False),
    (r"tons?", _U("ton"), False),
    (r"kilo(?:gram(?:me)?)?s?|kg", _U("kilogram"), False),
    (r"milligram(?:me)?s?|mg", _U("milligram"), False),
    (r"microgram(?:me)?s?|μg|mcg", _U("microgram"), False),
    (r"gram(?:me)?s?", _U("gram"), False),
    (r"g(?![\w.])", _U("gram"), True),
    (r"pounds?|lbs?", _U("pound-mass"), False),
    (r"ounces?|oz", _U("ounce"), False),
    (r"carats?", _U("carat"), False),
    # volume
    (r"barrels?[- ](?:a|per)[- ]day|bpd|b/d", _U("barrel per day"), False),
    (r"barrels?|bbl", _U("barrel"), False),
    (r"lit(?:re|er)s?|L(?![\w.])|l(?![\w.])", _U("litre"), False),
    (r"millilit(?:re|er)s?|mL|ml", _U("millilitre"), False),
    (r"gallons?|gal", _U("gallon"), False),
    (r"pints?", _U("pint"), False),
    (r"quarts?", _U("quart"), False),
    (r"cubic centimet(?:re|er)s?|cc", _U("cubic centimetre"), False),
    # energy, power, electricity
    (r"gigawatt[- ]hours?|GWh", _U("gigawatt hour"), False),
    (r"megawatt[- ]hours?|MWh", _U("megawatt hour"), False),
    (r"kilowatt[- ]hours?|kWh", _U("kilowatt hour"), False),
    (r"terawatt[- ]hours?|TWh", _U("terawatt hour"), False),
    (r"gigawatts?|GW", _U("gigawatt"), False),
    (r"megawatts?|MW", _U("megawatt"), False),
    (r"kilowatts?|kW", _U("kilowatt"), False),
    (r"watts?|W(?![\w.])", _U("watt"), True),
    (r"brake horsepower|bhp", _U("brake horsepower"), False),
    (r"horsepower|hp|PS(?![\w.])", _U("horsepower"), False),
    (r"newton[- ]met(?:re|er)s?|Nm", _U("newton metre"), True),
    (r"pound[- ]feet(?: of torque)?", _U("pound-foot"), False),
    (r"lb[- ]?ft", _U("foot pound-force"), False),
    (r"milliampere[- ]hours?|mAh", _U("milliampere-hour"), False),
    (r"volts?|V(?![\w.])", _U("volt"), True),
    (r"amperes?|amps?", _U("ampere"), False),
    (r"mega british thermal units?|mmBTU|MMBtu", _U("mega british thermal unit"), False),
    (r"british thermal units?|BTU", _U("british thermal unit"), False),
    (r"calories?", _U("calorie"), False),
    (r"kilocalories?|kcal", _U("kilocalorie"), False),
    (r"megatons?", _U("megaton"), False),
    (r"kilotons?", _U("kiloton"), False),
    # data and frequency
    (r"terabytes?|TB", _U("terabyte"), True),
    (r"gigabytes?|GB", _U("gigabyte"), True),
    (r"megabytes?|MB", _U("megabyte"), True),
    (r"megabits? per second|Mbps|Mbit/s", _U("megabit per second"), False),
    (r"gigabits? per second|Gbps", _U("gigabit per second"), False),
    (r"gigahertz|GHz", _U("gigahertz"), False),
    (r"megahertz|MHz", _U("megahertz"), False),
    (r"hertz|Hz", _U("hertz"), False),
    (r"megapixels?|MP", _U("megapixel"), True),
    (r"frames? per second|fps", _U("frame per second"), False),  # quantulum3's "fps" is foot per second
    # temperature, pressure, sound, concentration
    (r"degrees? (?:Celsius|centigrade|C\b)|°C|º ?C|C(?![\w.])|Celsius", _U("celsius"), False),
    (r"degrees? (?:Fahrenheit|F\b)|°F|º ?F|F(?![\w.])|Fahrenheit", _U("fahrenheit"), False),
    (r"degrees?|°", _U("degree"), False),
    (r"gigapascals?|GPa", _U("gigapascal"), False),
    (r"megapascals?|MPa", _U("megapascal"), False),
    (r"decibels?|dB", _U("decibel"), False),
    (r"parts[- ]per[- ]billion|ppb", _U("parts-per-billion"), False),
    (r"parts[- ]per[- ]million|ppm", _U("parts-per-million"), False),
    # time
    (r"years?|yrs?", _U("year", "time"), False),
    (r"months?", _U("month", "time"), False),
    (r"weeks?|wks?", _U("week", "time"), False),
    (r"days?", _U("day", "time"), False),
    (r"hours?|hrs?", _U("hour", "time"), False),
    (r"minutes?|mins?", _U("minute", "time"), False),
    (r"seconds?|secs?", _U("second", "time"), False),
    (r"milliseconds?|ms", _U("millisecond", "time"), False),
    (r"decades?", _U("decade", "time"), False),
    (r"centur(?:y|ies)", _U("century", "time"), False),
]

# Denominators of compound units: "$58 per barrel", "$3,500 a month", "tests per day".
PER_UNITS: dict[str, str] = {
    "barrel": "barrel", "share": "share", "ounce": "ounce", "gram": "gram", "kilogram": "kilogram",
    "kg": "kilogram", "tonne": "tonne", "ton": "ton", "pound": "pound", "gallon": "gallon", "litre": "litre",
    "liter": "litre", "day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour",
    "minute": "minute", "second": "second", "century": "century", "decade": "decade", "annum": "year",
    "person": "person", "capita": "capita", "head": "head", "student": "student", "household": "household",
    "square foot": "square foot", "sq ft": "square foot", "square metre": "square metre",
    "square meter": "square metre", "sq m": "square metre", "mmbtu": "mega british thermal unit",
    "kilowatt hour": "kilowatt hour", "kwh": "kilowatt hour", "megawatt hour": "megawatt hour",
    "mwh": "megawatt hour", "night": "night", "game": "game", "seat": "seat", "unit": "unit",
}
TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "millisecond"}


def _compile(entries: list[tuple[str, Unit, bool]]) -> list[tuple[re.Pattern[str], Unit]]:
    out = []
    for pattern, unit, case_sensitive in entries:
        flags = 0 if case_sensitive else re.IGNORECASE
        out.append((re.compile(rf"(?:{pattern})(?![A-Za-z])", flags), unit))
    return out


@functools.cache
def _suffix_patterns() -> list[tuple[re.Pattern[str], Unit]]:
    """The unit patterns, compiled on first use (a tenth of a second that commands reading no text skip)."""
    return _compile(SUFFIX_UNITS)


@functools.cache
def _any_suffix() -> re.Pattern[str]:
    """All unit patterns in one alternation: where it does not match, no pattern does (a quick reject)."""
    return re.compile("|".join(f"(?{'' if case else 'i'}:(?:{pattern})(?![A-Za-z]))"
                               for pattern, _, case in SUFFIX_UNITS))


def clear_caches() -> None:
    """Recompile the tables on next use (after a change to SUFFIX_UNITS or CURRENCY_PREFIXES)."""
    _suffix_patterns.cache_clear()
    _any_suffix.cache_clear()
    _prefix_patterns.cache_clear()


@functools.cache
def _prefix_patterns() -> list[tuple[re.Pattern[str], Unit]]:
    return [(re.compile(rf"(?:{p})$"), u) for p, u in CURRENCY_PREFIXES]


def _unit_start(text: str, pos: int) -> int:
    lead = re.match(r"[ \u00a0]?-?[ \u00a0]?", text[pos:pos + 3])
    return pos + (lead.end() if lead else 0)


def match_table_unit(text: str, pos: int) -> tuple[Unit, int] | None:
    """The longest unit of the hand tables written at ``text[pos:]`` (after optional space or hyphen)."""
    best: tuple[Unit, int] | None = None
    start = _unit_start(text, pos)
    if not _any_suffix().match(text, start):
        return None
    for pattern, unit in _suffix_patterns():
        m = pattern.match(text, start)
        if m and m.end() > start and (best is None or m.end() > best[1]):
            best = (unit, m.end())
    return best


LENGTHS = {"metre", "kilometre", "centimetre", "millimetre", "micrometre", "nanometre", "mile", "yard", "foot",
           "inch", "nautical mile"}
# a power written after a length: "4 km^2", "50 m^3", "4 km squared", "2 miles cubed"
_POWER_AFTER = re.compile(r"\^([23])(?!\d|\.\d)|[ \u00a0](squared|cubed)\b")


def match_suffix_unit(text: str, pos: int, *, lexicon: bool = True) -> tuple[Unit, int] | None:
    """The longest unit written at ``text[pos:]`` (after optional space or hyphen), with its end offset:
    the hand tables first, then the broad lexicon (``unit_lexicon``) where it reads a longer unit."""
    best = match_table_unit(text, pos)
    if lexicon:
        found = match_lexicon_unit(text, _unit_start(text, pos), match_table_unit)
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    if best is not None and best[0].name in LENGTHS:
        power = _POWER_AFTER.match(text, best[1])
        if power:
            square = power.group(1) == "2" or power.group(2) == "squared"
            name = ("square " if square else "cubic ") + best[0].name
            best = Unit(name, "quantity", source=best[0].source), power.end()
    return best


_SIGNS = "$€£¥₩₹"


def match_prefix_currency(text: str, pos: int) -> tuple[Unit, int] | None:
    """A currency sign or code just before ``pos`` ("$", "US $", "USD", "₩", "HK$ 2 billion"), with its start
    offset."""
    if pos >= 2 and text[pos - 1] in " \u00a0" and text[pos - 2] in _SIGNS:
        pos -= 1  # a space after a sign: "HK$ 2 billion", "€ 40"
    window = text[max(0, pos - 6):pos]
    for pattern, unit in _prefix_patterns():
        m = pattern.search(window)
        if m:
            start = pos - (len(window) - m.start())
            # a code must not be the tail of a longer word ("BUSD", "PSA")
            if start > 0 and text[start - 1].isalnum() and text[start].isalpha():
                continue
            return unit, start
    found = match_lexicon_currency(text, pos)  # signs and codes the table lacks: "SFr 12 million", "500円"
    if found is not None and not (found[1] > 0 and text[found[1] - 1].isalnum() and text[found[1]].isalpha()):
        return found
    return None
