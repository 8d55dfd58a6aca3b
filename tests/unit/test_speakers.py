"""Issue 16: no pronoun or common noun as a quote's actor. Sentences written for these tests, one rule each:
a role noun stands for its organisation, a bare group or an unresolved pronoun gets no actor, "we" and "it"
go to the body the article names, and the web lists no pronoun as a speaker."""

from __future__ import annotations

import pytest

from storydesk.enrich import common_head, enrich_doc
from storydesk.enrich.nlp import load_nlp
from storydesk.model import Article, Quote
from storydesk.web.read import speaker_name


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def quote(nlp, text: str, speaker: str) -> Quote:
    enr = enrich_doc(Article(id="t", text=text), nlp(text))
    found = [q for q in enr.quotes if q.speaker == speaker]
    assert found, [(q.speaker, q.actor) for q in enr.quotes]
    return found[0]


def test_a_role_noun_for_an_organisation_speaks_for_it(nlp):
    q = quote(nlp, "Acme Corporation shares fell on Monday. A spokeswoman for Acme Corporation said the plant "
                   "would reopen next week.", "A spokeswoman")
    assert q.actor == "Acme Corporation"
    assert q.role == "spokeswoman"


def test_a_role_noun_after_a_named_body_speaks_for_the_body(nlp):
    q = quote(nlp, "A Pentagon spokeswoman said the drills would continue.", "A Pentagon spokeswoman")
    assert q.actor and "spokeswoman" not in q.actor  # the body (the model's canonical actor), not the role
    assert q.role == "spokeswoman"


def test_a_possessive_common_noun_goes_to_the_company_named_before(nlp):
    q = quote(nlp, "Acme Corporation recalled 4,000 heaters on Friday. The company's spokesman said the fault "
                   "was rare.", "The company's spokesman")
    assert q.actor == "Acme Corporation"
    assert q.role == "spokesman"


def test_the_bare_body_noun_goes_to_the_body_named_before(nlp):
    q = quote(nlp, "Japan's Foreign Ministry summoned the ambassador on Monday. The ministry said the remarks "
                   "were unacceptable.", "The ministry")
    assert q.actor is not None and q.actor != "ministry"


@pytest.mark.parametrize("text, speaker", [
    ("A French engineer said the bridge was sound.", "A French engineer"),  # speaks for no one but herself
    ("An American witness said the truck did not slow down.", "An American witness"),
    ("Officials said the bridge would stay closed until March.", "Officials"),
    ("Analysts said the merger would cut costs.", "Analysts"),
    ("The harbour reopened on Tuesday, and residents said the water was already clear.", "residents"),
])
def test_a_bare_group_keeps_its_text_but_gets_no_actor(nlp, text, speaker):
    q = quote(nlp, text, speaker)
    assert q.actor is None
    assert speaker_name(q.actor, q.speaker) == speaker  # listed as written, never as a named person


def test_we_speaks_for_the_body_of_the_speaker_before(nlp):
    q = quote(nlp, "Jane Roe, a spokeswoman for Acme Corporation, said on Monday that the plant was safe. We "
                   "believe the inspectors will agree.", "We")
    assert q.actor == "Acme Corporation"


def test_it_speaks_for_the_organisation_subject_before(nlp):
    q = quote(nlp, "Acme Corporation closed its plant in Ohio on Monday. It said the closure would last a week.",
              "It")
    assert q.actor == "Acme Corporation"


def test_a_company_noun_goes_to_the_organisation_named_most(nlp):
    q = quote(nlp, "Acme Corporation recalled 4,000 heaters on Friday. Acme Corporation shares fell by a third. "
                   "Investors at Bolt Capital Partners sold their stakes. The company said the fault was rare.",
              "The company")
    assert q.actor == "Acme Corporation"


@pytest.mark.parametrize("text, speaker", [
    ("They said the bridge would reopen in May.", "They"),
    ("The new bridge opened to traffic on Monday. It said the toll would rise in May.", "It"),
])
def test_an_unresolved_pronoun_gets_no_actor_and_no_web_row(nlp, text, speaker):
    q = quote(nlp, text, speaker)
    assert q.actor is None
    assert speaker_name(q.actor, q.speaker) is None  # "Unattributed" in the web's quotes by speaker


@pytest.mark.parametrize("name, common", [
    ("officials", True), ("Pentagon spokeswoman", True), ("company's chief executive", True), ("we", True),
    ("You", True), ("One", True), ("Jane Roe", False), ("Acme Corporation", False), ("The Guardian", False),
    ("G7", False),
])
def test_common_head(name, common):
    assert common_head(name) is common


@pytest.mark.parametrize("label", ["FARROW", "LINDQVIST", "HARLAND"])
def test_an_upper_case_transcript_label_is_not_taken_for_a_common_noun(nlp, label):
    text = f"The host opened the show on Monday.\n{label}: The vote is on Tuesday, and we expect to win it."
    enr = enrich_doc(Article(id="t", text=text), nlp(text))
    actors = [q.actor for q in enr.quotes if q.speaker and q.speaker.upper() == label]
    assert actors and all(a is None or a[:1].isupper() for a in actors), actors
