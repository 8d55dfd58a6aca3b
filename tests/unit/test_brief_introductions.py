"""Issue 15, session 5: a person is introduced once per brief, with full name and role, and by surname after
that (edit kind ``surname``, replayed by the verifier); the checker counts a second introduction
(``reintroduced``). Articles written for these tests (a ferry at Calvor), not copied."""

from __future__ import annotations

import copy

import pytest

from storydesk.brief import finish
from storydesk.brief.verify import check_edits, check_introductions
from storydesk.enrich import enrich_articles
from storydesk.evaluate.defects import brief_defects
from storydesk.model import Article, Brief, BriefSentence, SourceRef, Support

TEXT_A = ("A passenger ferry ran aground off Calvor on Sunday with 80 people on board. "
          "Ilse Brandt, the director of the Calvor port authority, said all passengers were safe. "
          "Brandt said divers would inspect the hull on Monday. "
          "At a news conference, Ilse Brandt, the director of the Calvor port authority, said the ferry had "
          "left the harbour an hour late. "
          "\"We were lucky,\" said Tomas Ek, a passenger from Velm.")
TEXT_B = ("The ferry Nordlys struck a sandbank near Calvor on Sunday. "
          "Ilse Brandt, director of the port authority of Calvor, told local radio that the tide had been low. "
          "Brandt thanked the coastguard for its work.")


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], dict]:
    arts = [Article(id="fa", url="https://harbour.example/fa", title="Ferry aground off Calvor", text=TEXT_A,
                    outlet="harbour.example", domain="harbour.example", published_at="2031-05-05T09:00:00Z"),
            Article(id="fb", url="https://coast.example/fb", title="Ferry strikes sandbank", text=TEXT_B,
                    outlet="coast.example", domain="coast.example", published_at="2031-05-05T10:00:00Z")]
    return arts, {e.article_id: e for e in enrich_articles(arts)}


def _sentence(art: Article, text: str, section: str, cites: list[str], **extra: object) -> BriefSentence:
    at = art.text.index(text)
    return BriefSentence(text, section, cites, [Support(art.id, text, at, at + len(text), 1.0)], dict(extra))


def _brief(arts: list[Article], sents: list[BriefSentence]) -> Brief:
    return Brief("s", "Ferry aground", sentences=sents,
                 sources=[SourceRef(a.id, a.url, a.outlet, a.title, a.published_at) for a in arts])


def _sentences(arts: list[Article]) -> list[BriefSentence]:
    a, b = arts
    return [
        _sentence(a, "A passenger ferry ran aground off Calvor on Sunday with 80 people on board.", "lede", ["fa"]),
        _sentence(a, "Ilse Brandt, the director of the Calvor port authority, said all passengers were safe.",
                  "summary", ["fa"]),
        _sentence(b, "Ilse Brandt, director of the port authority of Calvor, told local radio that the tide had "
                     "been low.", "fact", ["fb"]),
        _sentence(a, "At a news conference, Ilse Brandt, the director of the Calvor port authority, said the "
                     "ferry had left the harbour an hour late.", "quote", ["fa"]),
        _sentence(a, "\"We were lucky,\" said Tomas Ek, a passenger from Velm.", "quote", ["fa"]),
    ]


def test_a_person_introduced_again_is_counted_and_named_by_surname(story) -> None:
    arts, enr = story
    brief = _brief(arts, _sentences(arts))
    before = brief_defects(brief, arts)["reintroduced"]
    assert len(before) == 2, before  # the checker's own rule: two later full introductions of Ilse Brandt
    finish._surname_after_introduction(brief, {a.id: a for a in arts}, enr)
    texts = [s.text for s in brief.sentences]
    assert texts[1].startswith("Ilse Brandt, the director")  # the introduction stays
    assert texts[2] == "Brandt told local radio that the tide had been low."
    assert texts[3] == "At a news conference, Brandt said the ferry had left the harbour an hour late."
    assert texts[4] == "\"We were lucky,\" said Tomas Ek, a passenger from Velm."  # met once: unchanged
    assert not brief_defects(brief, arts)["reintroduced"]
    by_id = {a.id: a for a in arts}
    for s in brief.sentences[2:4]:
        assert [e["kind"] for e in s.extra["edits"]] == ["surname"]
        src = by_id[s.support[0].article_id]
        assert check_edits(s.extra["original"], s.text, s.extra["edits"], src.text, src.published_at,
                           {c: by_id[c].text for c in s.citations}) == []
    assert check_introductions(brief.sentences) == []


def test_an_introduction_shown_only_with_full_does_not_count_for_a_shown_sentence(story) -> None:
    arts, enr = story
    sents = _sentences(arts)
    sents[1].extra["more"] = True  # the introduction is hidden by default
    brief = _brief(arts, sents)
    finish._surname_after_introduction(brief, {a.id: a for a in arts}, enr)
    # the next shown sentence is now the introduction; the hidden one counted for no shown sentence
    assert brief.sentences[2].text.startswith("Ilse Brandt, director of the port authority")
    assert brief.sentences[3].text.startswith("At a news conference, Brandt said")
    assert check_introductions(brief.sentences) == []


def test_the_verifier_rejects_a_surname_without_introduction_or_evidence(story) -> None:
    arts, enr = story
    brief = _brief(arts, _sentences(arts))
    finish._surname_after_introduction(brief, {a.id: a for a in arts}, enr)
    a = arts[0]
    shortened = brief.sentences[3]
    # without the sentence that introduced her, the brief names a stranger by surname
    alone = [brief.sentences[0], shortened]
    assert check_introductions(alone)
    # the short form must be a word the article uses alone for her: "Ilse" never stands alone
    forged = copy.deepcopy(shortened.extra["edits"])
    at = a.text.index("Ilse")
    forged[0].update(replacement="Ilse", evidence=[at, at + 4], article_id=None)
    text = shortened.extra["original"].replace("Ilse Brandt, the director of the Calvor port authority,", "Ilse")
    assert check_edits(shortened.extra["original"], text, forged, a.text, a.published_at)
    # a clause is no role to cut
    original = "At a news conference, Ilse Brandt, who had flown in that morning, said the ferry had left late."
    cut = original.index("Ilse")
    end = original.index(" said")
    brandt = a.text.index("Brandt said")
    edit = [{"kind": "surname", "start": cut, "end": end + 0, "replacement": "Brandt",
             "evidence": [brandt, brandt + 6], "article_id": None}]
    assert check_edits(original, original[:cut] + "Brandt" + original[end:], edit, a.text, a.published_at)


def test_a_surname_two_people_of_the_brief_share_is_never_the_short_form(story) -> None:
    arts, enr = story
    sents = _sentences(arts)
    a = arts[0]
    other = Article(id="fc", url="https://bay.example/fc", title="Ferry", outlet="bay.example", domain="bay.example",
                    published_at="2031-05-05T11:00:00Z",
                    text=("Karl Brandt, a ferry captain from Velm, said the sandbank had moved. "
                          "Brandt was not on board."))
    arts3 = [*arts, other]
    enr3 = {**enr, **{e.article_id: e for e in enrich_articles([other])}}
    sents.insert(2, _sentence(other, "Karl Brandt, a ferry captain from Velm, said the sandbank had moved.", "fact",
                              ["fc"]))
    brief = _brief(arts3, sents)
    finish._surname_after_introduction(brief, {x.id: x for x in arts3}, enr3)
    assert all("edits" not in s.extra for s in brief.sentences), [s.text for s in brief.sentences]
    assert a.text  # the articles are unchanged


# --- a role from another article of the story (the article then joins the citations) -------------------------

PUB = "2031-05-05T09:00:00Z"
CITED = ("Divers inspected the hull of the ferry through the night at Calvor. "
         "\"No fuel has leaked into the harbour,\" Ilse Brandt said after the inspection. "
         "Ilse Brandt arrived at the quay before dawn. "
         "\"The hull held,\" she said, pointing at the bow.")
OTHER = ("The ferry was towed clear of the sandbank at Calvor. "
         "Ilse Brandt, a spokeswoman for the port authority of Calvor, said the ferry would sail again in May.")


def _role_story() -> tuple[list[Article], dict]:
    from storydesk.model import Enrichment, Entity, Quote

    arts = [Article(id="c1", url="https://harbour.example/c1", title="Divers inspect ferry", text=CITED,
                    outlet="harbour.example", domain="harbour.example", published_at=PUB),
            Article(id="o1", url="https://coast.example/o1", title="Ferry towed clear", text=OTHER,
                    outlet="coast.example", domain="coast.example", published_at=PUB)]

    def people(text: str) -> list[Entity]:
        import re
        return [Entity(m.start(), m.end(), "Ilse Brandt", "PERSON", actor="Ilse Brandt", actor_kind="person")
                for m in re.finditer("Ilse Brandt", text)]

    she = CITED.index("she said")
    quote = Quote(CITED.index("The hull"), CITED.index("The hull") + 13, "The hull held", speaker="she",
                  speaker_start=she, speaker_end=she + 3, actor="Ilse Brandt", direct=True, cue="said")
    return arts, {"c1": Enrichment(article_id="c1", entities=people(CITED), quotes=[quote]),
                  "o1": Enrichment(article_id="o1", entities=people(OTHER))}


def test_a_role_only_another_article_gives_is_taken_from_it_and_that_article_is_cited() -> None:
    arts, enr = _role_story()
    a = arts[0]
    said = "\"No fuel has leaked into the harbour,\" Ilse Brandt said after the inspection."
    lede = "Divers inspected the hull of the ferry through the night at Calvor."
    brief = _brief(arts, [_sentence(a, lede, "lede", ["c1"]), _sentence(a, said, "fact", ["c1"])])
    finish.finish(brief, arts, enr)
    s = next(x for x in brief.sentences if x.extra.get("original") == said)
    assert s.text == ("\"No fuel has leaked into the harbour,\" Ilse Brandt, a spokeswoman for the port authority of "
                      "Calvor, said after the inspection.")
    assert [(e["kind"], e["article_id"]) for e in s.extra["edits"]] == [("role", "o1")]
    assert s.citations == ["c1", "o1"] and s.extra["role_from"] == ["o1"]
    assert s.support[1].sentence == OTHER.split(". ")[1] and s.support[1].score == 0.0
    texts = {x.id: x.text for x in arts}
    assert check_edits(said, s.text, s.extra["edits"], a.text, PUB, {c: texts[c] for c in s.citations}) == []
    assert check_edits(said, s.text, s.extra["edits"], a.text, PUB, {"c1": a.text})  # evidence not cited: refused
    # cited for the role alone, the article corroborates nothing: still one outlet, labelled so, counted so
    from storydesk.evaluate.defects import multi_outlet_share
    assert finish.outlets_of(s, {x.id: x for x in arts}) == {"harbour.example"}
    s.section, s.extra["single_source"] = "fact", True  # (the summary took it; as a key fact it reads so)
    assert multi_outlet_share(brief, arts) == (0, 1)
    assert not brief_defects(brief, arts)["single_source_label"]


def test_a_pronoun_speaker_is_named_with_a_role_another_article_gives() -> None:
    arts, enr = _role_story()
    a = arts[0]
    said = "\"The hull held,\" she said, pointing at the bow."
    lede = "Divers inspected the hull of the ferry through the night at Calvor."
    brief = _brief(arts, [_sentence(a, lede, "lede", ["c1"]), _sentence(a, said, "quote", ["c1"])])
    finish.finish(brief, arts, enr)
    s = next(x for x in brief.sentences if x.extra.get("original") == said)
    assert s.text == ("\"The hull held,\" Ilse Brandt, a spokeswoman for the port authority of Calvor, said, "
                      "pointing at the bow.")
    assert s.citations == ["c1", "o1"] and s.extra["role_from"] == ["o1"]
    texts = {x.id: x.text for x in arts}
    assert check_edits(said, s.text, s.extra["edits"], a.text, PUB, {c: texts[c] for c in s.citations}) == []
    assert check_edits(said, s.text, s.extra["edits"], a.text, PUB, {"c1": a.text})


# --- a pronoun speaker is the person named last before it, not whom the resolver picked ----------------------

SPEAKER_ART = ("Karl Brandt, the owner of the ferry line, bought a new ferry in March. "
               "Its first passengers will hear Tom Vale on the radio. "
               "The ferry will sail from Calvor next month, Brandt wrote on Friday. "
               "\"It will be the fastest ferry on the coast,\" he said.")


def _speaker_case(actor: str) -> tuple[str, int, list, list]:
    from storydesk.model import Entity, Quote

    ents = [Entity(0, 11, "Karl Brandt", "PERSON", actor="Karl Brandt"),
            Entity(SPEAKER_ART.index("Tom Vale"), SPEAKER_ART.index("Tom Vale") + 8, "Tom Vale", "PERSON",
                   actor="Tom Vale"),
            Entity(SPEAKER_ART.index("Brandt wrote"), SPEAKER_ART.index("Brandt wrote") + 6, "Brandt", "PERSON",
                   actor="Karl Brandt")]
    start = SPEAKER_ART.index("\"It will")
    he = SPEAKER_ART.index("he said")
    q = Quote(start + 1, start + 41, "It will be the fastest ferry on the coast", speaker="he", speaker_start=he,
              speaker_end=he + 2, actor=actor, direct=True, cue="said")
    return SPEAKER_ART[start:], start, ents, [q]


@pytest.mark.parametrize("actor", ["Tom Vale", "Karl Brandt"])
def test_a_pronoun_speaker_is_the_person_named_last_before_it(actor: str) -> None:
    from storydesk.brief import clean

    text, start, ents, quotes = _speaker_case(actor)  # the resolver's pick: a singer named in passing, or right
    edits = clean.edits_for(text, start, None, quotes, set(), SPEAKER_ART, ents, [])
    assert clean.apply_edits(text, edits) == "\"It will be the fastest ferry on the coast,\" Karl Brandt said."
    assert check_edits(text, clean.apply_edits(text, edits), [e.as_dict() for e in edits], SPEAKER_ART, None) == []


def test_a_pronoun_speaker_named_too_far_back_is_no_one() -> None:
    from storydesk.brief import clean

    far = SPEAKER_ART.replace("Brandt wrote on Friday.", "Brandt wrote on Friday. The sea was calm. The sky was "
                              "grey. The crew was ready. The quay was full.")
    text = far[far.index("\"It will"):]
    start = far.index(text)
    _, _, ents, quotes = _speaker_case("Karl Brandt")
    quotes[0].speaker_start = far.index("he said")
    quotes[0].speaker_end = quotes[0].speaker_start + 2
    ents[2].start, ents[2].end = far.index("Brandt wrote"), far.index("Brandt wrote") + 6
    assert not [e for e in clean.edits_for(text, start, None, quotes, set(), far, ents, []) if e.kind == "speaker"]


def test_after_a_preposition_the_comma_that_closes_the_role_stays(story) -> None:
    arts, enr = story
    a, b = arts
    extra = Article(id="fd", url="https://bay.example/fd", title="Ferry", outlet="bay.example", domain="bay.example",
                    published_at="2031-05-05T12:00:00Z",
                    text=("For Ilse Brandt, the director of the Calvor port authority, the night was long. "
                          "Brandt slept at the quay."))
    arts4 = [a, b, extra]
    enr4 = {**enr, **{e.article_id: e for e in enrich_articles([extra])}}
    sents = _sentences(arts)[:2] + [_sentence(extra, extra.text.split(". ")[0] + ".", "fact", ["fd"])]
    brief = _brief(arts4, sents)
    finish._surname_after_introduction(brief, {x.id: x for x in arts4}, enr4)
    s = brief.sentences[2]
    assert s.text == "For Brandt, the night was long."
    assert check_edits(s.extra["original"], s.text, s.extra["edits"], extra.text, extra.published_at) == []
