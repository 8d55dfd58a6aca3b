"""A multi-source explainer written for this test: two newspapers, a government, a president and two analysts.

Every credited source must be found as the speaker (or the actor behind the speaker mention) of what it said,
and neither the headline (``X: Y``) nor the plain verbs of action may give an attribution.
"""

from __future__ import annotations

import pytest

from storydesk.enrich.nlp import load_nlp
from storydesk.enrich.quotes import find_quotes
from storydesk.model import Quote

# (a phrase of the content, the actor credited with it)
CREDITED = [
    ("North Korean soldiers have been sent", "Seoul Herald"),
    ("violated United Nations resolutions", "South Korea's government"),
    ("further transfers would draw", "South Korea's government"),  # "It warned ...": the previous speaker
    ("a grave provocation", "Yoon Suk Yeol"),
    ("used mainly as assault infantry", "Lee Min-ho"),  # "Comments from X, an analyst at Y, suggest ..."
    ("paying for the soldiers with missile technology", "Tokyo Daily"),  # "An editorial in Y argues ..."
    ("a gamble for Kim Jong Un", "Anna Berg"),  # "..., as X put it"
    ("1,500 of the soldiers", "Tokyo Daily"),
    ("learning modern warfare", "Anna Berg"),
    ("the exchange could last for years", "Lee Min-ho"),
    ("few other sources of fresh troops", "Lee Min-ho"),  # a participial clause: "..., noting that ..."
    ("wants combat experience", "Anna Berg"),  # an uncommon cue verb: "theorised"
]


@pytest.fixture(scope="module")
def found(fixtures) -> list[Quote]:
    text = (fixtures / "articles" / "explainer_troops.txt").read_text(encoding="utf-8")
    return find_quotes(load_nlp()(text))


@pytest.mark.parametrize(("phrase", "actor"), CREDITED)
def test_every_credited_source_speaks_what_it_said(found, phrase, actor):
    match = [q for q in found if phrase in q.content]
    assert match, [q.content for q in found]
    q = match[0]
    assert actor in (q.actor or "") or actor in (q.speaker or ""), (q.content, q.speaker, q.actor)


def test_roles_and_affiliations_of_appositive_speakers(found):
    lee = next(q for q in found if "assault infantry" in q.content)
    assert "analyst" in (lee.role or "")
    assert "Asan Institute" in (lee.affiliation or "")
    berg = next(q for q in found if "a gamble" in q.content)
    assert "researcher" in (berg.role or "") and "Stockholm Centre" in (berg.affiliation or "")


def test_no_headline_or_action_verb_attributions(found):
    assert not [q for q in found if q.cue == ":"]
    assert not [q for q in found if "Pyongyang and Moscow" in (q.speaker or "")]
    for phrase in ("North Korea with oil", "mutual defence clause", "alliance tested"):
        assert not [q for q in found if phrase in q.content], phrase
    credited = {a for _, a in CREDITED}
    for q in found:
        assert any(a in (q.actor or "") or a in (q.speaker or "") for a in credited), (q.content, q.speaker)
