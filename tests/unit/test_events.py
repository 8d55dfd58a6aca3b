"""Events on invented sentences: each action of the ontology, actor and target, filters and dates."""

from __future__ import annotations

import pytest

from storydesk.enrich.actors import resolve_actors
from storydesk.enrich.events import ONTOLOGY, SCORES, find_events, ontology_markdown, resolve_date
from storydesk.enrich.nlp import load_nlp

PUBLISHED = "2017-09-15T08:00:00"  # a Friday


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def events(nlp, text: str, published: str | None = PUBLISHED) -> set[tuple[str, str | None, str | None]]:
    doc = nlp(text)
    return {(e.action, e.actor, e.target) for e in find_events(doc, resolve_actors(doc), published)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan and Australia agreed to share radar data.", ("agree", "Japan", None)),
        (
            "South Korea signed a defence pact with the United States.",
            ("agree", "South Korea", "United States"),
        ),
        (
            "Chinese Foreign Minister Wang Yi met Russian President Vladimir Putin in Sochi.",
            ("consult", "Wang Yi", "Vladimir Putin"),
        ),
        ("Germany welcomed the ceasefire and backed Ukraine.", ("support", "Germany", "Ukraine")),
        (
            "France will cooperate with Italy on patrols, and Spain cooperated with Portugal last year.",
            ("cooperate", "Spain", "Portugal"),
        ),
        (
            "Russia supplied fuel to North Korea in violation of the embargo.",
            ("aid", "Russia", "North Korea"),
        ),
        (
            "The United States deployed two bombers to South Korea.",
            ("deploy", "United States", "South Korea"),
        ),
        ("Pyongyang fired a ballistic missile over Japan on Tuesday.", ("mobilise", "North Korea", "Japan")),
        (
            "The UN Security Council imposed fresh sanctions on Iran.",
            ("sanction", "UN Security Council", "Iran"),
        ),
        ("China urged North Korea to halt its tests.", ("demand", "China", "North Korea")),
        ("Seoul called on Tokyo to apologise.", ("demand", "South Korea", "Japan")),
        ("The Kremlin accused Washington of meddling.", ("accuse", "Russia", "United States")),
        ("Japan condemned North Korea for the launch.", ("accuse", "Japan", "North Korea")),
        ("Iran rejected the offer from France.", ("reject", "Iran", "France")),
        ("North Korea threatened to attack Guam.", ("threaten", "North Korea", "Guam")),
        ("Japan has vowed to shoot down North Korean missiles.", ("threaten", "Japan", "North Korea")),
        (
            "Thousands of South Koreans protested against Japan outside the embassy.",
            ("protest", "South Korea", "Japan"),
        ),
        ("Israel arrested Palestinian activist Ahmed Salim on Sunday.", ("coerce", "Israel", "Ahmed Salim")),
        ("Turkish jets bombed positions in northern Syria.", ("assault", "Turkey", None)),
        ("Nigeria attacked Boko Haram camps near the border.", ("assault", "Nigeria", "Boko Haram")),
    ],
)
def test_each_action_of_the_ontology(nlp, text, expected):
    assert expected in events(nlp, text)


def test_every_action_has_a_test_sentence_and_a_sign():
    names = [a.name for a in ONTOLOGY]
    assert len(names) == 15 and len(set(names)) == 15
    for cooperative in ("agree", "consult", "support", "cooperate", "aid"):
        assert SCORES[cooperative] > 0
    for hostile in ("sanction", "demand", "accuse", "reject", "threaten", "protest", "coerce", "assault"):
        assert SCORES[hostile] < 0
    assert SCORES["assault"] == min(SCORES.values())
    assert "| mobilise |" in ontology_markdown()


def test_passive_with_agent_swaps_actor_and_target(nlp):
    assert ("sanction", "UN Security Council", "North Korea") in events(
        nlp, "North Korea was sanctioned by the UN Security Council in 2016."
    )


def test_launches_without_agent_take_origin_or_owner(nlp):
    assert ("mobilise", "North Korea", "Japan") in events(
        nlp, "A ballistic missile launched from the DPRK had flown over northern Japan."
    )
    assert ("mobilise", "South Korea", None) in events(
        nlp, "The South Korean missile, which was launched from the east coast, was a show of force."
    )


def test_light_verbs_read_through_quantities(nlp):
    assert ("mobilise", "United States", None) in events(
        nlp, "The US carried out another round of military exercises with South Korea."
    )
    assert ("mobilise", "North Korea", None) in events(nlp, "North Korea has conducted dozens of missile tests.")
    assert ("support", "Boko Haram", "Islamic State") in events(nlp, "Boko Haram pledged allegiance to ISIS.")


def test_the_country_refers_back_to_the_last_state(nlp):
    found = events(nlp, "Sanctions on North Korea grew after the country conducted its sixth nuclear test.")
    assert ("mobilise", "North Korea", None) in found


def test_conjoined_subjects_make_one_event_each(nlp):
    found = events(nlp, "The United States, Japan and South Korea condemned the launch.")
    assert {("accuse", a, None) for a in ("United States", "Japan", "South Korea")} <= found


def test_negated_modal_and_conditional_actions_are_not_events(nlp):
    assert events(nlp, "China did not condemn the launch.") == set()
    assert events(nlp, "Japan could impose sanctions on Russia.") == set()
    assert events(nlp, "If Iran attacks Israel, the region will suffer.") == set()
    assert events(nlp, "Washington plans to deploy more troops to Poland.") == set()


def test_a_warning_that_reports_is_no_threat(nlp):
    assert not any(a == "threaten" for a, _, _ in events(nlp, "Japan warned that the missile was a new type."))


def test_event_carries_sentence_score_trigger_and_date(nlp):
    doc = nlp("Nothing happened on Monday. Russia attacked Ukraine on Tuesday.")
    [event] = find_events(doc, resolve_actors(doc), PUBLISHED)
    assert (event.action, event.actor, event.target, event.trigger) == (
        "assault",
        "Russia",
        "Ukraine",
        "attacked",
    )
    assert event.date == "2017-09-12"
    assert event.score == SCORES["assault"]
    assert doc.text[event.start : event.end] == event.sentence == "Russia attacked Ukraine on Tuesday."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Tuesday", "2017-09-12"),
        ("on Friday", "2017-09-15"),  # the day of publication
        ("last Friday", "2017-09-08"),
        ("yesterday", "2017-09-14"),
        ("today", "2017-09-15"),
        ("on Sept. 3", "2017-09-03"),
        ("on Nov. 29", "2016-11-29"),  # no year: the latest one not after publication
        ("on 3 September 2016", "2016-09-03"),
        ("in July", "2017-07"),
        ("in December 2012", "2012-12"),
        ("in 1998", "1998"),
        ("last month", "2017-08"),
        ("nothing dated here", None),
    ],
)
def test_dates_resolve_against_publication(text, expected):
    assert resolve_date(f"The ministry said it {text}.", PUBLISHED) == expected


def test_date_nearest_the_trigger_wins():
    text = "On Thursday officials said girls kidnapped in April 2014 were free."
    assert resolve_date(text, PUBLISHED, anchor=text.index("kidnapped")) == "2014-04"
    assert resolve_date(text, PUBLISHED, anchor=text.index("said")) == "2017-09-14"


def test_weekdays_need_a_publication_date():
    assert resolve_date("He left on Tuesday.", None) is None
    assert resolve_date("He left on Sept. 3, 2016.", None) == "2016-09-03"
