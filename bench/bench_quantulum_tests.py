"""Issue 16, a second generalisation probe for units: the test sentences quantulum3 ships
(``_lang/en_US/tests/quantities.json`` and ``quantities.ambiguity.json``, 121 sentences, MIT licence, read
from the installed package and never copied here), scored with NewsQuant's measures.

These sentences were never read while the rules were written (neither NewsQuant half contains one) and are
not used to tune them: they are a probe only. They are textbook sentences ("I want two meters of cotton"),
dense in units and symbols; their gold names are quantulum3's, mapped to NewsQuant's as for the peer
(``QUANTULUM_UNIT_NAMES``). Gold quantities without a unit are "-"; a gold value written as a list or a
range is skipped with its sentence.
"""

from __future__ import annotations

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate.quantities import NOT_ANNOTATED_KINDS, claim_quantity, load_quantulum_tests, score


def run() -> str:
    gold = load_quantulum_tests()
    if gold is None:
        return "## quantulum3's test sentences (issue 16 probe)\n\nskipped: quantulum3 is not installed\n"
    nlp = load_nlp()
    docs = list(nlp.pipe([g.text for g in gold], batch_size=64))
    pred = [[claim_quantity(c) for c in find_claims(d) if c.kind not in NOT_ANNOTATED_KINDS] for d in docs]
    s = score("storydesk", gold, pred)
    return "\n".join([
        "## quantulum3's test sentences (issue 16 probe, never tuned on)", "",
        f"{s.sentences} sentences, {s.gold} gold quantities: value P / R / F1 "
        f"{s.value[0]:.1f} / {s.value[1]:.1f} / **{s.value[2]:.1f}**, value+unit P / R / F1 "
        f"{s.value_unit[0]:.1f} / {s.value_unit[1]:.1f} / **{s.value_unit[2]:.1f}**.", "",
    ])


if __name__ == "__main__":
    print(run())
