"""Actor normalisation on invented sentences: metonyms, demonyms, titles, roles and affiliations."""

from __future__ import annotations

import pytest

from storydesk.enrich.actors import actor_table, article_actors, resolve_actors
from storydesk.enrich.aliases import merge_story_persons, story_person_names
from storydesk.enrich.nlp import load_nlp
from storydesk.enrich.quotes import find_quotes
from storydesk.model import Enrichment, Entity, Event, Quote


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def actors(nlp, text: str) -> dict[str, tuple[str | None, str | None]]:
    """Surface form -> (actor, kind); the last mention of a surface form wins."""
    return {e.text: (e.actor, e.actor_kind) for e in resolve_actors(nlp(text))}


@pytest.mark.parametrize(
    ("text", "mention", "actor"),
    [
        ("Pyongyang fired two rockets into the sea, officials in Tokyo said.", "Pyongyang", "North Korea"),
        ("Seoul protested sharply against the decision on Monday.", "Seoul", "South Korea"),
        ("The Kremlin dismissed the report as fiction.", "Kremlin", "Russia"),
        ("Moscow has denied sending any fuel.", "Moscow", "Russia"),
        ("Washington imposed new penalties on the shipping firm.", "Washington", "United States"),
        ("Kyiv rejected the proposal within hours.", "Kyiv", "Ukraine"),
        ("Beijing urged restraint from all sides.", "Beijing", "China"),
        ("The White House welcomed the vote.", "White House", "United States"),
        ("The DPRK conducted another launch.", "DPRK", "North Korea"),
        ("Britain summoned the ambassador.", "Britain", "United Kingdom"),
    ],
)
def test_metonyms_name_the_state(nlp, text, mention, actor):
    assert actors(nlp, text)[mention] == (actor, "country")


def test_gazetteer_overrides_a_wrong_model_label(nlp):
    from spacy.tokens import Span

    doc = nlp("Kyiv rejected the plan, Olena Petrenko said.")
    doc.ents = [Span(doc, 0, 1, label="PERSON")]  # the small model does this to "Kyiv" in some sentences
    kyiv = resolve_actors(doc)[0]
    assert (kyiv.text, kyiv.label, kyiv.actor, kyiv.actor_kind) == ("Kyiv", "GPE", "Ukraine", "country")


def test_the_north_needs_a_korean_context(nlp):
    korean = actors(nlp, "Talks with Seoul stalled after the North fired a missile.")
    assert korean["the North"] == ("North Korea", "country")
    other = actors(nlp, "Snow fell across the North of England, the Met Office said.")
    assert ("North Korea", "country") not in other.values()


def test_capitals_named_as_places_stay_cities(nlp):
    found = actors(nlp, "Thousands of people rallied in Seoul as the envoy flew to Moscow.")
    assert found["Seoul"] == ("Seoul", "city")
    assert found["Moscow"] == ("Moscow", "city")
    dateline = actors(nlp, "BEIJING -- China said on Friday it would not comment.")
    assert dateline["BEIJING"] == ("Beijing", "city")
    assert dateline["China"] == ("China", "country")
    assert actors(nlp, "A trader works at a bank in Seoul, South Korea.")["Seoul"] == ("Seoul", "city")


def test_demonyms_name_their_country(nlp):
    found = actors(nlp, "North Korean troops crossed the line while Russian officials watched.")
    assert found["North Korean"] == ("North Korea", "country")
    assert found["Russian"] == ("Russia", "country")
    assert "Korean" not in found


def test_government_bodies_and_forces(nlp):
    found = actors(nlp, "The Japanese Ministry of Defense said the Korean People's Army had moved.")
    assert found["The Japanese Ministry of Defense"] == ("Japan", "country")
    kpa = [e for e in resolve_actors(nlp("The KPA held a parade.")) if e.text == "KPA"][0]
    assert (kpa.actor, kpa.actor_kind, kpa.affiliation) == (
        "Korean People's Army",
        "armed_force",
        "North Korea",
    )


def test_media_and_organisations(nlp):
    found = actors(nlp, "Yonhap reported that the UN Security Council and NATO had met.")
    assert found["Yonhap"] == ("Yonhap", "media")
    assert found["UN Security Council"] == ("UN Security Council", "organisation")
    assert found["NATO"] == ("NATO", "organisation")


def test_titles_and_short_names_join_the_full_name(nlp):
    ents = resolve_actors(nlp("President Yoon Suk Yeol met the envoy on Monday. Later Yoon said the talks went well."))
    yoon = [e for e in ents if e.actor_kind == "person"]
    assert [e.actor for e in yoon] == ["Yoon Suk Yeol", "Yoon Suk Yeol"]
    assert all(e.role == "President" for e in yoon)


def test_hyphenated_names_keep_their_spelling(nlp):
    ents = resolve_actors(nlp("South Korean President Moon Jae-in spoke first. Mr. Moon then left."))
    moon = [e for e in ents if e.actor_kind == "person"]
    assert {e.actor for e in moon} == {"Moon Jae-in"}
    assert moon[0].role == "President" and moon[0].affiliation == "South Korea"


def test_role_and_affiliation_from_an_apposition(nlp):
    ents = resolve_actors(
        nlp(
            "Victor Cha, Korea chair at the Center for Strategic and International Studies, "
            "said the test was a warning."
        )
    )
    cha = next(e for e in ents if e.actor == "Victor Cha")
    assert cha.role == "Korea chair"
    assert cha.affiliation == "Center for Strategic and International Studies"


def test_role_and_affiliation_from_a_title(nlp):
    ents = resolve_actors(nlp("Chinese Foreign Minister Wang Yi arrived on Tuesday."))
    wang = next(e for e in ents if e.actor == "Wang Yi")
    assert (wang.role, wang.affiliation) == ("Foreign Minister", "China")


def test_article_actors_collect_aliases(nlp):
    ents = resolve_actors(nlp("Pyongyang launched a rocket. North Korea said the DPRK would continue."))
    by_name = {a.name: a for a in article_actors(ents)}
    assert set(by_name["North Korea"].aliases) >= {"Pyongyang", "the DPRK"}


def test_table_is_loaded_once_with_sources():
    table = actor_table()
    assert table is actor_table()
    assert table.lookup("Kyiv") is not None and table.lookup("Kyiv").name == "Ukraine"
    assert table.cities["Seoul"] == ("Seoul", "South Korea")


def test_a_name_with_a_lone_hyphen_links_without_error():
    """Tokenised archives write "Abu - Bakr": a word that is only a hyphen must not break name linking."""
    from storydesk.enrich.actors import _link_persons
    from storydesk.model import Entity

    ents = [Entity(0, 12, "Abu - Bakr", "PERSON", actor="Abu - Bakr", actor_kind="person"),
            Entity(20, 41, "Abu - Bakr Tavrani", "PERSON", actor="Abu - Bakr Tavrani", actor_kind="person")]
    _link_persons(ents)
    assert ents[0].actor == "Abu - Bakr Tavrani"


def test_middle_initials_and_surnames_are_one_person(nlp):
    ents = resolve_actors(nlp("Maria K. Lindqvist opened the summit. Maria Lindqvist then spoke. "
                              "Lindqvist left early."))
    assert {e.actor for e in ents if e.actor_kind == "person"} == {"Maria Lindqvist"}


def test_a_given_name_cut_at_its_hyphen_joins_the_full_name(nlp):
    ents = resolve_actors(nlp("Park Ji-won spoke on Monday. Later Park Ji said the talks would go on."))
    assert {e.actor for e in ents if e.actor_kind == "person"} == {"Park Ji-won"}


def test_a_defined_acronym_is_its_long_form(nlp):
    ents = resolve_actors(nlp("The Baltic Shipping Safety Board (BSSB) opened an inquiry. The BSSB said "
                              "the tanker had no insurance."))
    bssb = [e for e in ents if e.text == "BSSB"]
    assert bssb and all(e.actor == "Baltic Shipping Safety Board" for e in bssb)


def test_headline_fragments_and_common_nouns_are_not_actors(nlp):
    text = ("Coast Guard Seizes Tanker Suspected Of Carrying Fuel To Pyongyang\n\n"
            "The newspaper said the tanker was stopped. A spokeswoman said the crew was held.")
    ents = resolve_actors(nlp(text))
    assert not [e for e in ents if "Seizes" in e.text or "Suspected" in e.text]
    assert not [e for e in ents if (e.actor or "").lower() in {"newspaper", "spokeswoman"}]


def test_story_persons_take_the_one_fuller_name():
    from storydesk.enrich.aliases import canonical_person, link_story_persons
    from storydesk.model import Entity

    one = [Entity(0, 5, "Trump", "PERSON", actor="Trump", actor_kind="person")]
    two = [Entity(0, 12, "Donald Trump", "PERSON", actor="Donald Trump", actor_kind="person")]
    kims = [[Entity(0, 3, "Kim", "PERSON", actor="Kim", actor_kind="person")],
            [Entity(0, 12, "Kim Jong Un", "PERSON", actor="Kim Jong Un", actor_kind="person")],
            [Entity(0, 12, "Kim Yo Jong", "PERSON", actor="Kim Yo Jong", actor_kind="person")]]
    link_story_persons([one, two])
    link_story_persons(kims)
    assert one[0].actor == "Donald Trump"
    assert kims[0][0].actor == "Kim"  # two Kims in the story: ambiguous, left alone
    assert canonical_person("Donald J. Trump") == "Donald Trump"
    assert canonical_person("Moon Jae-in") == "Moon Jae-in"


def _p(name: str) -> Entity:
    return Entity(0, len(name), name, "PERSON", actor=name, actor_kind="person")


def test_story_person_names_follow_chains_and_leave_two_people_apart():
    groups = [[_p("Moon")], [_p("Moon Jae")], [_p("Moon Jae-in")], [_p("Kim"), _p("Kim Jong Un")],
              [_p("Kim Yo Jong")], [_p("Donald Trump"), _p("Trump")]]
    names = story_person_names(groups)
    assert names["Moon"] == names["Moon Jae"] == "Moon Jae-in"
    assert names["Trump"] == "Donald Trump"
    assert "Kim" not in names and "Kim Jong Un" not in names and "Donald Trump" not in names


def test_merge_story_persons_renames_speakers_and_event_actors_once():
    one = Enrichment("a", entities=[_p("Trump"), _p("Moon")], quotes=[Quote(0, 5, "x", actor="Trump")],
                     events=[Event(0, 5, "consult", actor="Trump", target="Moon")])
    two = Enrichment("b", entities=[_p("Donald Trump"), _p("Moon Jae-in")])
    assert merge_story_persons([one, two]) == {"Trump": "Donald Trump", "Moon": "Moon Jae-in"}
    assert one.entities[0].actor == one.quotes[0].actor == one.events[0].actor == "Donald Trump"
    assert one.events[0].target == "Moon Jae-in"
    assert merge_story_persons([one, two]) == {}, "a second pass changes nothing"


def test_story_person_names_drop_words_in_front_and_skip_odd_fuller_names():
    groups = [[_p("Rabbi Jane Roe"), _p("Jane Roe")], [_p("Twitter"), _p("Abe’s Twitter")],
              [_p("Sarah Wells"), _p("Sarah Wells Moore")], [_p("GETTY Sam Ode"), _p("Sam Ode")]]
    names = story_person_names(groups)
    assert names["Rabbi Jane Roe"] == "Jane Roe" and names["GETTY Sam Ode"] == "Sam Ode"
    assert names["Sarah Wells"] == "Sarah Wells Moore"
    assert "Twitter" not in names, "a possessive phrase is not a fuller name"


def test_a_surname_alone_is_the_full_name_in_an_article_and_a_story(nlp):
    """'Abe' after 'Shinzo Abe' (issue 16): one person in the article, as entity and as speaker, and across
    a story where another outlet names him only by his surname."""
    first = nlp("Japanese Prime Minister Shinzo Abe met the South Korean envoy in Tokyo on Friday.\n"
                "Abe said the two governments would keep talking about the fishing dispute.\n"
                "Mr. Abe later told reporters that no date had been set.")
    ents = resolve_actors(first)
    assert {e.actor for e in ents if e.actor_kind == "person"} == {"Shinzo Abe"}
    assert [q.actor for q in find_quotes(first)] == ["Shinzo Abe", "Shinzo Abe"]
    second = nlp("Abe told parliament on Monday that the fishing deal was fair.")
    other = Enrichment("b", entities=resolve_actors(second), quotes=find_quotes(second))
    assert [q.actor for q in other.quotes] == ["Abe"], "the second outlet alone does not know the full name"
    merge_story_persons([Enrichment("a", entities=ents), other])
    assert {e.actor for e in other.entities if e.actor_kind == "person"} == {"Shinzo Abe"}
    assert [q.actor for q in other.quotes] == ["Shinzo Abe"]
