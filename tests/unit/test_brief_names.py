"""Session 4 of issue 15: a person met first by surname ("Mr Varga said ...") is named in full, with the role
the article gives, wherever the brief first mentions them; later mentions keep the surname. Written here."""

from __future__ import annotations

from storydesk.brief import finish
from storydesk.brief.verify import check_edits
from storydesk.evaluate.defects import brief_defects
from storydesk.model import Article, Brief, BriefSentence, Enrichment, Entity, SourceRef, Support

PUB = "2031-03-10T08:00:00Z"
TEXT = ("Anton Varga, the harbour master of Velm, closed the port on Sunday after the ferry ran aground. "
        "Divers inspected the hull through the night. "
        "Mr Varga said the port would reopen once the wreck was towed away. "
        "Varga added that no fuel had leaked.")


def _brief(article: Article, texts: list[tuple[str, str]]) -> Brief:
    sents = []
    for section, t in texts:
        at = article.text.index(t)
        sents.append(BriefSentence(t, section, [article.id], [Support(article.id, t, at, at + len(t), 1.0)]))
    return Brief(story_id="s", headline="Ferry aground", sentences=sents,
                 sources=[SourceRef(article.id, article.url, article.outlet, article.title, PUB)])


def _enrichment(article: Article) -> Enrichment:
    full = article.text.index("Anton Varga")
    second = article.text.index("Varga added")
    ents = [Entity(full, full + 11, "Anton Varga", "PERSON", actor="Anton Varga", actor_kind="person"),
            Entity(second, second + 5, "Varga", "PERSON", actor="Anton Varga", actor_kind="person")]
    return Enrichment(article_id=article.id, entities=ents)


def test_a_surname_met_first_gets_the_full_name_and_role_then_the_surname_stays() -> None:
    art = Article(id="a1", url="https://port.example/a1", title="Ferry aground", text=TEXT, outlet="port.example",
                  domain="port.example", published_at=PUB)
    said = "Mr Varga said the port would reopen once the wreck was towed away."
    brief = _brief(art, [("lede", "Divers inspected the hull through the night."), ("fact", said),
                         ("fact", "Varga added that no fuel had leaked.")])
    before = brief_defects(_brief(art, [("fact", said)]), [art])
    assert before["surname_first"]  # the checker's own rule sees the unintroduced "Mr Varga"
    finish.finish(brief, [art], {art.id: _enrichment(art)})
    first = next(s for s in brief.sentences if s.extra.get("original") == said)
    assert first.text == ("Anton Varga, the harbour master of Velm, said the port would reopen once the wreck was "
                          "towed away.")
    assert [e["kind"] for e in first.extra["edits"]] == ["name"]
    assert check_edits(said, first.text, first.extra["edits"], art.text, PUB) == []
    later = next(s for s in brief.sentences if s.text.startswith("Varga added"))  # introduced: stays a surname
    assert "edits" not in later.extra
    assert not brief_defects(brief, [art])["surname_first"]


def test_a_name_edit_that_names_someone_else_is_refused() -> None:
    said = "Mr Varga said the port would reopen once the wreck was towed away."
    forged = [{"kind": "name", "start": 0, "end": 8, "replacement": "Ilse Brandt", "evidence": [0, 11]}]
    assert check_edits(said, said.replace("Mr Varga", "Ilse Brandt"), forged, TEXT, PUB)
    role = [{"kind": "name", "start": 0, "end": 8, "replacement": "Anton Varga, the port's owner,",
             "evidence": [0, 11]}]
    assert check_edits(said, said.replace("Mr Varga", "Anton Varga, the port's owner,"), role, TEXT, PUB)


def test_a_surname_that_opens_another_full_name_is_not_guessed() -> None:
    """"Kim" of "Kim Jong Un" is no surname to complete from a reporter called "Jack Kim"."""
    text = ("Kim Jong Un watched the launch, state media said. Reporting by Jack Kim in Seoul. "
            "Kim said the test was a success.")
    art = Article(id="k1", url="https://x.example/k1", title="Launch", text=text, outlet="x.example",
                  domain="x.example", published_at=PUB)
    at = text.index("Kim said")
    ents = [Entity(0, 11, "Kim Jong Un", "PERSON"), Entity(text.index("Jack Kim"), text.index("Jack Kim") + 8,
                                                           "Jack Kim", "PERSON"), Entity(at, at + 3, "Kim", "PERSON")]
    brief = _brief(art, [("fact", "Kim said the test was a success.")])
    finish.finish(brief, [art], {art.id: Enrichment(article_id=art.id, entities=ents)})
    assert all("Jack" not in s.text for s in brief.sentences)


def test_a_byline_is_no_full_name_of_a_speaker() -> None:
    """"Editing by Kim Coghill" at the foot of a wire story names no one the story quotes."""
    text = ("Seoul should answer the North's overtures, Kim said in a speech on Monday. "
            "(Reporting by Ann Lee; Editing by Kim Coghill)")
    art = Article(id="k2", url="https://x.example/k2", title="Speech", text=text, outlet="x.example",
                  domain="x.example", published_at=PUB)
    at = text.index("Kim Coghill")
    ents = [Entity(at, at + 11, "Kim Coghill", "PERSON", actor="Kim Coghill"),
            Entity(text.index("Kim said"), text.index("Kim said") + 3, "Kim", "PERSON", actor="Kim Coghill")]
    brief = _brief(art, [("fact", "Seoul should answer the North's overtures, Kim said in a speech on Monday.")])
    finish.finish(brief, [art], {art.id: Enrichment(article_id=art.id, entities=ents)})
    assert all("Coghill" not in s.text for s in brief.sentences)


def test_a_family_name_written_first_is_completed_to_the_name_it_opens() -> None:
    text = ("Kim Jong Un watched the launch from a hill, state media said. "
            "The rocket Kim had promised flew over the sea.")
    art = Article(id="k3", url="https://x.example/k3", title="Launch", text=text, outlet="x.example",
                  domain="x.example", published_at=PUB)
    at = text.index("Kim had")
    ents = [Entity(0, 11, "Kim Jong Un", "PERSON", actor="Kim Jong Un"),
            Entity(at, at + 3, "Kim", "PERSON", actor="Kim Jong Un")]
    said = "The rocket Kim had promised flew over the sea."
    brief = _brief(art, [("fact", said)])
    finish.finish(brief, [art], {art.id: Enrichment(article_id=art.id, entities=ents)})
    s = brief.sentences[0]
    assert s.text == "The rocket Kim Jong Un had promised flew over the sea."
    assert check_edits(said, s.text, s.extra["edits"], text, PUB) == []


def test_a_title_before_a_full_name_is_left_as_it_is() -> None:
    text = "Dr. Ilse Brandt, who led the survey, said the reef had moved. Ilse Brandt has studied it for years."
    art = Article(id="b1", url="https://x.example/b1", title="Reef", text=text, outlet="x.example",
                  domain="x.example", published_at=PUB)
    ents = [Entity(4, 15, "Ilse Brandt", "PERSON", actor="Ilse Brandt")]
    said = "Dr. Ilse Brandt, who led the survey, said the reef had moved."
    brief = _brief(art, [("fact", said)])
    finish.finish(brief, [art], {art.id: Enrichment(article_id=art.id, entities=ents)})
    assert brief.sentences[0].text == said


ROLE_TEXT = ("Ilse Brandt, a spokeswoman for the port authority of Velm, said on Sunday that the ferry had been "
             "towed clear. Divers inspected the hull through the night. "
             "\"No fuel has leaked,\" Ilse Brandt said after the inspection.")


def _role_article() -> tuple[Article, Enrichment]:
    art = Article(id="r1", url="https://port.example/r1", title="Ferry towed", text=ROLE_TEXT,
                  outlet="port.example", domain="port.example", published_at=PUB)
    ents = [Entity(m, m + 11, "Ilse Brandt", "PERSON", actor="Ilse Brandt", actor_kind="person")
            for m in (ROLE_TEXT.index("Ilse Brandt"), ROLE_TEXT.rindex("Ilse Brandt"))]
    return art, Enrichment(article_id=art.id, entities=ents)


def test_a_full_name_met_first_without_a_role_gets_the_role_the_article_gives() -> None:
    art, enr = _role_article()
    said = "\"No fuel has leaked,\" Ilse Brandt said after the inspection."
    brief = _brief(art, [("lede", "Divers inspected the hull through the night."), ("quote", said)])
    finish.finish(brief, [art], {art.id: enr})
    quote = next(s for s in brief.sentences if s.extra.get("original") == said)
    assert quote.text == ("\"No fuel has leaked,\" Ilse Brandt, a spokeswoman for the port authority of Velm, "
                          "said after the inspection.")
    assert [e["kind"] for e in quote.extra["edits"]] == ["role"]
    assert check_edits(said, quote.text, quote.extra["edits"], art.text, PUB) == []
    forged = [{**quote.extra["edits"][0], "replacement": ", the owner of the port,"}]
    assert check_edits(said, said.replace("Brandt said", "Brandt, the owner of the port, said"), forged, art.text,
                       PUB)  # a role the article never gives after the name is refused


def test_a_person_already_introduced_gets_no_role_again() -> None:
    art, enr = _role_article()
    first = ROLE_TEXT.split(". ")[0] + "."
    said = "\"No fuel has leaked,\" Ilse Brandt said after the inspection."
    brief = _brief(art, [("lede", first), ("quote", said)])
    finish.finish(brief, [art], {art.id: enr})
    quote = next(s for s in brief.sentences if s.text.startswith("\"No fuel"))
    assert quote.text == said and "edits" not in quote.extra
