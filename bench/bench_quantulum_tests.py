"""Issue 16, a second tuning/check pair for units: the test sentences quantulum3 ships
(``_lang/en_US/tests/quantities.json`` and ``quantities.ambiguity.json``, 121 sentences, MIT licence, read
from the installed package and never copied here), scored with NewsQuant's measures.

No sentence of them is in NewsQuant. Until session 4 they were a probe never read; session 5 split them by
the same stable hash as NewsQuant (``select_half``: SHA-1 of the sentence, last hex digit even -> tuning, odd
-> check; 61 / 60 sentences). Only the tuning half's misses are read; a rule is kept only when both check
halves (this one and NewsQuant's) hold or rise. They are textbook sentences ("I want two meters of cotton"),
dense in units and symbols; their gold names are quantulum3's, mapped to NewsQuant's as for the peer
(``QUANTULUM_UNIT_NAMES``). Gold quantities without a unit are "-"; a gold value written as a list is
skipped with its sentence. Their gold writes a range as its midpoint ("between 44 and 50 mg" is 47 mg), so
predicted ranges are scored at their midpoint; the session-4 scoring (ranges as ranges) is shown too.
"""

from __future__ import annotations

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate.quantities import (
    NOT_ANNOTATED_KINDS,
    claim_quantity,
    load_quantulum_tests,
    newsquant_half,
    score,
)


def run() -> str:
    gold = load_quantulum_tests()
    if gold is None:
        return "## quantulum3's test sentences (issue 16 probe)\n\nskipped: quantulum3 is not installed\n"
    nlp = load_nlp()
    docs = list(nlp.pipe([g.text for g in gold], batch_size=64))
    pred = [[claim_quantity(c) for c in find_claims(d) if c.kind not in NOT_ANNOTATED_KINDS] for d in docs]
    rows = []
    for half in ("tuning", "check", None):
        idx = [i for i, g in enumerate(gold) if half is None or newsquant_half(g.text) == half]
        g, p = [gold[i] for i in idx], [pred[i] for i in idx]
        mid = score("storydesk", g, p, average_predicted_ranges=True)
        old = score("storydesk", g, p)
        rows.append(f"| {half or 'all'} | {len(idx)} | {mid.gold} | {mid.value[0]:.1f} / {mid.value[1]:.1f} / "
                    f"**{mid.value[2]:.1f}** | {mid.value_unit[0]:.1f} / {mid.value_unit[1]:.1f} / "
                    f"**{mid.value_unit[2]:.1f}** | {old.value[2]:.1f} / {old.value_unit[2]:.1f} |")
    return "\n".join([
        "## quantulum3's test sentences (issue 16: second tuning/check pair)", "",
        "| half | sentences | gold | value P / R / F1 | value+unit P / R / F1 | F1s, ranges as ranges |",
        "|---|---|---|---|---|---|",
        *rows, "",
    ])


if __name__ == "__main__":
    print(run())
