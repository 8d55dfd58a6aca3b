"""Issue 16, a generalisation probe for units: the hand-table entries that only the tuning half of NewsQuant
uses are removed, and both halves are scored with and without the broad unit lexicon (``unit_lexicon``,
read from quantulum3's data). The removed units stand in for units of sentences we never saw: how much of
them does the lexicon recover?

"Used only by the tuning half" is by unit name: a name (each side of "A per B" counted) that some claim
predicted on the tuning half carries and no claim on the check half does. Every hand entry of that name
goes (suffix patterns, currency signs and codes, "per" denominators). The tables are restored afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from storydesk.enrich import units
from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate import eval_data_dir
from storydesk.evaluate.quantities import (
    NOT_ANNOTATED_KINDS,
    claim_quantity,
    load_newsquant,
    newsquant_half,
    newsquant_path,
    score,
)

_TABLE_NAMES = {e[1].name for e in units.SUFFIX_UNITS}


def _names(docs: list[Any]) -> set[str]:
    out: set[str] = set()
    for doc in docs:
        for c in find_claims(doc):
            if c.unit and c.kind not in ("count", "fraction", "ordinal", "rank"):
                out.update([c.unit] if c.unit in _TABLE_NAMES else (p.strip() for p in c.unit.split(" per ")))
    return out


@contextmanager
def _tables(drop: set[str], *, lexicon: bool) -> Iterator[None]:
    saved = (units.SUFFIX_UNITS[:], units.CURRENCY_PREFIXES[:], dict(units.PER_UNITS), units.match_lexicon_unit)
    try:
        units.SUFFIX_UNITS[:] = [e for e in units.SUFFIX_UNITS if e[1].name not in drop]
        units.CURRENCY_PREFIXES[:] = [e for e in units.CURRENCY_PREFIXES if e[1].name not in drop]
        for key in [k for k, v in units.PER_UNITS.items() if v in drop]:
            del units.PER_UNITS[key]
        if not lexicon:
            units.match_lexicon_unit = lambda text, start, table=None: None  # type: ignore[assignment]
        units.clear_caches()
        yield
    finally:
        units.SUFFIX_UNITS[:], units.CURRENCY_PREFIXES[:] = saved[0], saved[1]
        units.PER_UNITS.clear()
        units.PER_UNITS.update(saved[2])
        units.match_lexicon_unit = saved[3]  # type: ignore[assignment]
        units.clear_caches()


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Unit lexicon ablation (issue 16)\n\nskipped: ../shared/data is absent\n"
    gold = load_newsquant(newsquant_path(data))
    nlp = load_nlp()
    docs = list(nlp.pipe([g.text for g in gold], batch_size=64))
    halves = {h: [i for i, g in enumerate(gold) if newsquant_half(g.text) == h] for h in ("tuning", "check")}
    tuning_only = _names([docs[i] for i in halves["tuning"]]) - _names([docs[i] for i in halves["check"]])

    def scores(label: str, setup: Callable[[], Any]) -> str:
        with setup():
            cells = []
            for idx in halves.values():
                pred = [[claim_quantity(c) for c in find_claims(docs[i]) if c.kind not in NOT_ANNOTATED_KINDS]
                        for i in idx]
                s = score("storydesk", [gold[i] for i in idx], pred)
                cells.append(f"{s.value[2]:.1f} / {s.value_unit[2]:.1f}")
        return f"| {label} | " + " | ".join(cells) + " |"

    started = time.perf_counter()
    rows = [
        scores("hand tables + lexicon (as shipped)", lambda: _tables(set(), lexicon=True)),
        scores("hand tables alone", lambda: _tables(set(), lexicon=False)),
        scores("ablated tables + lexicon", lambda: _tables(tuning_only, lexicon=True)),
        scores("ablated tables alone", lambda: _tables(tuning_only, lexicon=False)),
    ]
    return "\n".join([
        "## Unit lexicon ablation (issue 16): hand-table units only the tuning half uses, removed", "",
        f"Removed ({len(tuning_only)} unit names): {', '.join(sorted(tuning_only))}.", "",
        "| tables | tuning value F1 / value+unit F1 | check value F1 / value+unit F1 |", "|---|---|---|",
        *rows, "", f"({time.perf_counter() - started:.1f} s)", "",
    ])


if __name__ == "__main__":
    print(run())
