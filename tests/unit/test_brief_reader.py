"""The reader's brief (issue 15): each defect a reader notices is kept out by the writer and caught by the
checker; each recorded edit is replayed by the verifier. Fixtures are written here, not copied."""

from __future__ import annotations

import pytest

from storydesk.brief import clean, finish
from storydesk.brief.verify import check_edits
from storydesk.evaluate.defects import CLASSES, brief_defects
from storydesk.model import Article, Brief, BriefSentence, Quote, SourceRef, Support

PUB = "2017-12-29T09:00:00"  # a Friday


def _art(aid: str, outlet: str, text: str, published: str = PUB, dup: str | None = None) -> Article:
    return Article(id=aid, url=f"https://{outlet}/{aid}", title=f"Port strike {aid}", text=text, outlet=outlet,
                   domain=outlet, published_at=published, duplicate_of=dup)


def test_questions_outside_quotes_are_rejected_but_quoted_questions_kept() -> None:
    assert clean.reject_reason("Did a freighter carry fuel to the harbour in defiance of the ban?") == "question"
    assert clean.reject_reason('"Why now?" the harbour master asked reporters on Monday.') is None


def test_a_quotation_closed_but_never_opened_is_rejected_and_counted() -> None:
    text = "Back to work by Monday, one way or another,' the union leader posted."
    assert clean.reject_reason(text) == "unclosed quotation"
    assert brief_defects(_brief([*CLEAN, (text, "quote", ["a", "b"], {})]), ARTS)["unclosed_quote"]
    assert clean.reject_reason("The dockers' union voted on Monday, its leader said.") is None  # a possessive


def test_a_sentence_that_is_only_a_quotation_is_rejected_and_counted() -> None:
    for text in ['"Once the cranes are safe, we expect the port to reopen."',
                 "'Back to work by Monday, one way or another.'"]:
        assert clean.reject_reason(text) == "quotation without a speaker"
        found = brief_defects(_brief([*CLEAN, (text, "fact", ["a", "b"], {})]), ARTS)
        assert found["unnamed_speaker"], found
    said = '"Once the cranes are safe, we expect the port to reopen," the harbour master said.'
    assert clean.reject_reason(said) is None


@pytest.mark.parametrize("text,rejected", [
    ("Felt we should just tell everyone so they stop asking about the strike.", True),  # a post, unquoted
    ("A tiny fraction of our 900 dockers do not represent our culture.", True),  # a company's statement
    ("Sorry, this postcode is not in our delivery area.", True),  # the page's own notice
    ("I don't think the port will open at all.", True),
    ("We will not move until the offer is raised, the union leader said.", False),  # reported, unmarked
    ("'They make me stand here,' the harbour master said.", False),  # inside a quotation
    ("The veterans of World War I were honoured at the harbour.", False),  # a numeral, not a pronoun
    ("Officials in the US met the union in Phase I of the talks.", False),
    ("Astronomers found planets outside our galaxy for the first time.", False),  # the "our" of all of us
    ("'I've seen rings like these only near one coast,' said the oceanographer.", False),
])
def test_first_person_without_a_speaker_is_rejected(text: str, rejected: bool) -> None:
    assert (clean.reject_reason(text) == "first person without a speaker") is rejected


@pytest.mark.parametrize("text", [
    "Photos: Dock workers march past the cranes at dawn.",
    "The tanker Blue Heron is seen in waters off the southern coast.",
    "A local historian joins the show to discuss the strike's long roots.",
    "CLOSE Dock workers walk out over pay; the port is shut for a second day.",
    "Reporting by Ana Ruiz; editing by Tom Field in the city newsroom today.",
    "Click here to read more about the strike and the union's demands.",
    "File - In this Friday, Dec. 29, 2017 file photo, the union leader walks to the harbour court.",
])
def test_captions_blurbs_bylines_and_credits_are_rejected(text: str) -> None:
    assert clean.reject_reason(text) == "caption or credit"


@pytest.mark.parametrize("text,expected", [
    ("HARBOURTON/LONDON (Reuters) - Dock workers walked off the job on Friday.", "Dock workers walked off"),
    ("HARBOURTON - Dock workers walked off the job at the main port.", "Dock workers walked off"),
    ("Port Ellis, Maine (CNN) Dock workers walked off the job at the main port.", "Dock workers walked off"),
    ("HARBOURTON, Maine, Oct 19 (Reuters) - Dock workers walked off the job.", "Dock workers walked off"),
])
def test_datelines_are_cut_by_a_checked_edit(text: str, expected: str) -> None:
    edits = clean.edits_for(text, 0, PUB, [], set())
    assert [e.kind for e in edits][:1] == ["dateline"]
    out = clean.apply_edits(text, edits)
    assert out.startswith(expected)
    assert check_edits(text, out, [e.as_dict() for e in edits], text, PUB) == []


@pytest.mark.parametrize("text,reason", [
    ("Reuters Dock workers march past the idle cranes at the northern terminal.", "caption or crosshead"),
    ("Our reporter explains what it means for you: CHECK YOUR DELIVERY DATES Ask the shop first.",
     "caption or crosshead"),
    ("Harbour cranes at dawn Tue, March 3, 2026 Harbour cranes at dawn.", "caption or crosshead"),
    ("The port will stay shut for a week originally appeared on harbourwire.example, a sister site.",
     "caption or credit"),
    ("The harbour master said: 'Nothing moves in or out of the port until the talks end.", "unclosed quotation"),
    ('The union leader said "the owners have until Friday to answer us.', "unclosed quotation"),
])
def test_credits_crossheads_and_unclosed_quotations_are_rejected(text: str, reason: str) -> None:
    assert clean.reject_reason(text) == reason


@pytest.mark.parametrize("text", [
    "Reuters reported on Monday that the port would stay shut for a week.",
    "Bloomberg News said the owners had offered a 3 percent raise.",
    "The US, UK and EU urged both sides to return to the table.",
    "The strike began on March 3, 2026 and 40 UN staff were not affected in 2026.",
    "The harbour master said: 'Nothing moves until the talks end.' The talks resumed at noon.",
    "The dockers' union said the workers' pay had not risen in five years.",
])
def test_agency_reports_acronyms_and_closed_quotations_stand(text: str) -> None:
    assert clean.reject_reason(text) is None


def test_a_dangling_connective_is_dropped() -> None:
    text = "However, the union said the walkout would last a week at least."
    edits = clean.edits_for(text, 0, PUB, [], set())
    out = clean.apply_edits(text, edits)
    assert out == "The union said the walkout would last a week at least."
    assert check_edits(text, out, [e.as_dict() for e in edits], text, PUB) == []


@pytest.mark.parametrize(("text", "out"), [
    ("Now a group of former dockers is joining the strike at all three terminals.",
     "A group of former dockers is joining the strike at all three terminals."),
    ("Now that the talks have ended, the union said the walkout would go on.", None),
    ("Now is the time to settle, the harbour master said on the radio.", None),
])
def test_an_opening_now_is_dropped_unless_it_leads_a_clause(text: str, out: str | None) -> None:
    edits = [e for e in clean.edits_for(text, 0, PUB, [], set()) if e.kind == "connective"]
    assert (clean.apply_edits(text, edits) if edits else None) == out
    if edits:
        assert check_edits(text, out, [e.as_dict() for e in edits], text, PUB) == []


def test_a_relative_day_is_anchored_to_its_date() -> None:
    text = "The union voted on Wednesday to strike at all three terminals."
    edits = clean.edits_for(text, 0, PUB, [], set())
    out = clean.apply_edits(text, edits)
    assert out == "The union voted on Wednesday, 27 December to strike at all three terminals."
    assert check_edits(text, out, [e.as_dict() for e in edits], text, PUB) == []
    wrong = [{**edits[0].as_dict(), "replacement": ", 26 December"}]
    assert check_edits(text, text.replace("Wednesday", "Wednesday, 26 December"), wrong, text, PUB)


def test_a_pronoun_speaker_is_named_with_role_once_then_by_surname() -> None:
    article = ("Lena Marsh, a spokeswoman for the port authority, spoke at noon. "
               '"We will reopen the port," she said. "Talks go on," she said.')
    s1 = article.index('"We will')
    s2 = article.index('"Talks')
    q1 = Quote(s1 + 1, s1 + 24, "We will reopen the port", speaker="she",
               speaker_start=article.index("she said", s1), speaker_end=article.index("she said", s1) + 3,
               actor="Lena Marsh", role="a spokeswoman for the port authority")
    q2 = Quote(s2 + 1, s2 + 12, "Talks go on", speaker="she", speaker_start=article.index("she said", s2),
               speaker_end=article.index("she said", s2) + 3, actor="Lena Marsh")
    named: set[str] = set()
    first = article[s1:article.index(".", s1) + 1]
    edits = clean.edits_for(first, s1, PUB, [q1], named, article)
    out = clean.apply_edits(first, edits)
    assert out == '"We will reopen the port," Lena Marsh, a spokeswoman for the port authority, said.'
    assert check_edits(first, out, [e.as_dict() for e in edits], article, PUB) == []
    second = article[s2:]
    out2 = clean.apply_edits(second, clean.edits_for(second, s2, PUB, [q2], named, article))
    assert out2 == '"Talks go on," Marsh said.'


def test_a_picture_credit_before_a_name_is_no_given_name() -> None:
    # a caption line "Reuters Portco ..." must not turn "Portco said" into "Reuters Portco said"
    text = "Portco said the cranes would stay idle."
    art = _art("a", "harbour.example", f"{text}\nReuters Portco closed the gates on Monday night.")
    s = BriefSentence(text, "quote", ["a"], [Support("a", text, 0, len(text), 1.0)])
    finish._edit(s, art, None, set(), set())
    assert "Reuters" not in s.text


def test_a_pronoun_inside_what_was_said_is_not_replaced() -> None:
    article = 'Mayor Tom Reyes said that he is "very disappointed" in the union.'
    q = Quote(0, 10, "x", speaker="he", speaker_start=article.index("he is"),
              speaker_end=article.index("he is") + 2, actor="Tom Reyes")
    assert clean.edits_for(article, 0, PUB, [q], set(), article) == []


def test_a_bare_surname_gets_the_full_name_the_article_gives() -> None:
    art = _art("a", "harbour.example", "Maria Ostrova leads the union. The strike will go on, Ostrova said.")
    s = BriefSentence("The strike will go on, Ostrova said.", "quote", ["a"],
                      [Support("a", "The strike will go on, Ostrova said.", 31, 67, 1.0)])
    assert finish._edit(s, art, None, set(), set())
    assert s.text == "The strike will go on, Maria Ostrova said."
    assert check_edits(s.extra["original"], s.text, s.extra["edits"], art.text, PUB) == []


def test_the_verifier_refuses_edits_that_change_numbers_or_quotes() -> None:
    text = 'HARBOURTON - About 1,200 workers joined, and "no deal" was the cry.'
    edits = [e.as_dict() for e in clean.edits_for(text, 0, PUB, [], set())]
    assert check_edits(text, text[13:].replace("1,200", "12,000"), edits, text, PUB)
    assert check_edits(text, text[13:].replace("no deal", "no way"), edits, text, PUB)
    forged = [{"kind": "speaker", "start": 13, "end": 18, "replacement": "Nobody", "evidence": [0, 5]}]
    assert check_edits(text, "HARBOURTON - Nobody 1,200", forged, text, PUB)


# --- the checker: one brief per defect class -------------------------------------------------------------

A = _art("a", "harbour.example", "The port closed. Earlier text.")
B = _art("b", "coast.example", "The port closed too.", published="2017-12-30T09:00:00")
C = _art("c", "bay.example", "Old story.", published="2017-11-01T09:00:00")
ARTS = [A, B]


def _brief(sents: list[tuple[str, str, list[str], dict]], arts: list[Article] = ARTS) -> Brief:
    out = Brief("s", "Port strike", sources=[SourceRef(a.id, a.url, a.outlet, a.title, a.published_at)
                                               for a in arts])
    for text, section, cites, extra in sents:
        out.sentences.append(BriefSentence(text, section, cites, [Support(c, text, 0, len(text)) for c in cites],
                                           extra))
    return out


CLEAN = [("Dock workers walked off the job at all three terminals of the port.", "lede", ["b"], {}),
         ("The union wants a 5 percent raise for its 1,200 members.", "fact", ["a", "b"], {})]

CASES: dict[str, object] = {
    "question": ("Will the port reopen before the holiday season begins?", "fact", ["a", "b"], {}),
    "caption": ("Photos: Dock workers march past the cranes at dawn.", "fact", ["a", "b"], {}),
    "caption_file": ("File - In this Friday, Dec. 29, 2017 file photo, the union leader walks to court.", "fact",
                     ["a", "b"], {}),
    "dateline": ("HARBOURTON (Reuters) - The cranes stood still all day long.", "fact", ["a", "b"], {}),
    "repeat": ("The union wants a 5 percent raise for its 1,200 members.", "analysis", ["a"], {}),
    "unnamed_speaker": ('"We are not moving," she said, standing at the gate of the port.', "quote", ["a"], {}),
    "figure_without_figure": ("The ships waited outside the harbour for the night.", "figure", ["a"], {}),
    "single_source_label": ("Three ships left the port before the strike began.", "fact", ["a", "b"],
                            {"single_source": True}),
    "timeline_repeat": ("Dock workers walked off the job at all three terminals of the port.", "timeline", ["b"],
                        {"date": "2017-12-30"}),
    "figure_lumped": ("Some 1,200 members and 40 trucks joined the strike on the quay.", "figure", ["a", "b"],
                      {"figure": {"status": "disagree", "values": [
                          {"article_id": "a", "text": "1,200 members", "value": 1200},
                          {"article_id": "b", "text": "40 trucks", "value": 40}]}}),
    "figure_split": [("Some 1,200 members joined the strike on the quay.", "figure", ["a"],
                      {"figure": {"values": [{"article_id": "a", "text": "1,200 members", "value": 1200}]}}),
                     ("Every one of the 1,200 members of the union voted at dawn on the pier.", "figure", ["b"],
                      {"figure": {"values": [{"article_id": "b", "text": "1,200 members", "value": 1200}]}})],
    "lede_not_latest": None,
    "uncited_source": None,
    "other_event": ("On Oct. 3 a tanker ran aground at the harbour entrance, blocking it.", "fact", ["a", "b"], {}),
    "unclosed_quote": ("The harbour master said: 'Nothing moves in or out of the port until the talks end.",
                       "quote", ["a", "b"], {}),
    "pronoun_opening": ("They voted to stay out until the port authority raises its offer.", "fact", ["a", "b"], {}),
    "redated_date": None,
    "surname_first": None,
    "stale_future": None,
    "not_a_reaction": ("The ships waited outside the harbour for the night.", "reaction", ["a", "b"], {}),
    "earlier_no_event": ("If the talks fail, the port may stay shut all winter long.", "earlier", ["a", "b"],
                         {"date": "2017-12-29"}),
    "reintroduced": [("Ana Ruiz, the union's chair, said the strike would go on until spring.", "quote", ["a", "b"],
                      {}),
                     ("Ana Ruiz, the union's chair, told the crowd on the quay that talks had failed.", "analysis",
                      ["a", "b"], {})],
    "first_person": ("Felt we should just tell everyone so they stop asking about the strike.", "fact", ["a", "b"],
                     {}),
}
_LEAD = ("Dock workers walked off the job at all three terminals of the port of Harbourton. "
         "The union wants a raise of five percent for every member working at the docks. ")
# a late copy: another outlet's same lead, re-dated three weeks later
LATE = [_art("a", "harbour.example", _LEAD + "Talks resume next week."),
        _art("b", "coast.example", _LEAD + "Ships waited outside.", published="2017-12-30T09:00:00"),
        _art("l", "river.example", _LEAD.replace("Dock workers", "Angry dock workers"),
             published="2018-01-20T09:00:00")]


def test_a_clean_brief_has_no_defects() -> None:
    found = brief_defects(_brief(CLEAN), ARTS)
    assert all(not v for v in found.values()), found


def test_the_checker_sees_a_wire_photo_caption() -> None:
    found = brief_defects(_brief([*CLEAN, CASES["caption_file"]]), ARTS)  # type: ignore[list-item]
    assert found["caption"] and not any(v for k, v in found.items() if k != "caption"), found


@pytest.mark.parametrize("kind", CLASSES)
def test_the_checker_catches_each_defect_class(kind: str) -> None:
    sents, arts = list(CLEAN), ARTS
    if kind == "lede_not_latest":  # a lede from an article of an earlier development
        arts = [C, A, B]
        sents[0] = ("The old port crane collapsed into the water in a storm.", "lede", ["c"], {})
        sents[1] = (sents[1][0], "fact", ["a", "b", "c"], {})
    elif kind == "redated_date":  # a timeline date that only the late copy's publication date gives
        arts = LATE
        sents.append(("Angry dock workers walked off the job at all three terminals on Saturday.", "timeline",
                      ["l"], {"date": "2018-01-20"}))
    elif kind == "surname_first":  # "Mr Ruiz" before the brief names Ana Ruiz, whom the cited article names
        arts = [A, _art("b", "coast.example", "Ana Ruiz, the union's chair, spoke.", published="2017-12-30T09:00:00")]
        sents.append(("Mr Ruiz told the crowd on the quay that the strike was going well.", "analysis", ["b"], {}))
    elif kind == "stale_future":  # a look ahead from an earlier development, outside a dated line
        arts = [C, A, B]
        sents.append(("The old port crane will be taken down next week, the port said.", "analysis", ["c"], {}))
    elif kind == "uncited_source":
        arts = [A, B, _art("d", "river.example", "The port closed again.")]
    elif kind == "embedded_post":  # a sentence of a post embedded in the page, signed with a handle and date
        post = "Port shut all week. Talks go nowhere. — Ana Ruiz (@anaruiz) December 29, 2017"
        arts = [_art("a", "harbour.example", "The port closed.\n" + post), B]
        at = arts[0].text.index("Talks go nowhere.")
        sents.append(("Talks go nowhere.", "fact", ["a"], {"single_source": True}))
        found = brief_defects(_brief(sents, arts), arts)
        assert not found[kind]  # the checker reads the cited offsets: placed at 0, outside the post
        brief = _brief(sents, arts)
        brief.sentences[-1].support[0].start = at
        found = brief_defects(brief, arts)
        assert found[kind] and not any(v for k, v in found.items() if k != kind), found
        return
    else:
        case = CASES[kind]
        sents += case if isinstance(case, list) else [case]
    found = brief_defects(_brief(sents, arts), arts)
    assert found[kind], (kind, found)
    assert not any(v for k, v in found.items() if k != kind), found


def test_a_weekday_six_days_back_is_not_anchored() -> None:
    # published on a Monday in the US: "Tuesday" is most often the next day in Asia, not six days before
    text = "The missile flew over the island early Tuesday, officials said at the scene."
    assert clean.date_edits(text, "2017-08-28T20:00:00") == []


def test_markdown_and_html_show_the_summary_as_prose_the_original_on_hover_and_uncited_sources_apart() -> None:
    from storydesk.brief.render import to_html, to_markdown

    arts = [A, B, _art("d", "river.example", "The port closed again.")]
    b = _brief(CLEAN + [("The union wants talks, its leader said.", "fact", ["a"], {"more": True})], arts)
    b.sentences[0].extra.update(original="HARBOURTON - Dock workers walked off the job at all three terminals "
                                         "of the port.", edits=[{"kind": "dateline"}])
    b.sentences[1].section = "summary"
    b.coverage["also_covering"] = ["d"]
    md = to_markdown(b)
    assert "Dock workers walked off the job at all three terminals of the port. [2] The union wants" in md
    assert "Also covering this story" in md.split("## Related Sources")[1]
    assert "its leader said" not in md  # past the body budget: only with --full
    b.coverage["full"] = True
    assert "its leader said" in to_markdown(b)
    page = to_html(b)
    assert 'title="Source sentence: HARBOURTON - Dock workers' in page
    assert "also covering this story" in page


def test_a_weekday_the_sentence_looks_ahead_to_is_not_anchored_to_the_past() -> None:
    # the resolver reads a bare weekday as the last one; "would begin ... Tuesday" is the next one
    text = "The coroner said identification of the remains would begin Tuesday at the capital's morgue."
    assert clean.date_edits(text, "2017-12-31T12:00:00") == []
    looked_back = "The coroner began identifying the remains on Tuesday at the capital's morgue."
    assert [e.replacement for e in clean.date_edits(looked_back, "2017-12-31T12:00:00")] == [", 26 December"]


def test_a_possessive_weekday_stays_as_written() -> None:
    assert clean.date_edits("Officials named the victims of Sunday's storm at a briefing.", "2017-12-31T22:00:00") == []


def test_the_summary_takes_no_sentence_that_opens_with_a_pronoun() -> None:
    art = Article(id="a1", text="x", published_at="2017-12-31T12:00:00Z", outlet="one.example")

    def sent(text: str, section: str) -> BriefSentence:
        return BriefSentence(text, section, ["a1"], [Support("a1", text)])

    brief = Brief("st-p", "h", [sent("A small plane crashed in the hills on Sunday, killing all twelve aboard.",
                                     "lede"),
                               sent("They identified them as members of two families from the coast.", "fact"),
                               sent("The aviation authority said the pilot was very experienced.", "fact")],
                  [SourceRef("a1", "https://one.example/a", "one.example", "t", art.published_at)])
    finish._summary(brief, [art], {"a1": art})
    summary = [s.text for s in brief.sentences if s.section == "summary"]
    assert summary == ["The aviation authority said the pilot was very experienced."]


def test_a_figure_line_shows_each_outlets_value_and_the_verdict_escaped() -> None:
    from storydesk.brief.render import to_html, to_markdown

    rows = [{"article_id": "a", "outlet": "harbour.example", "published": PUB, "value": 700, "text": "700 tons",
             "shown": "700 tons"},
            {"article_id": "b", "outlet": "<b>coast</b>", "published": PUB, "value": 700, "text": "about 700 tons",
             "shown": "about 700 tons"}]
    b = _brief(CLEAN + [("The tanker moved 700 tons of fuel to a second ship.", "figure", ["a"],
                         {"figure": {"label": "fuel", "status": "agree", "values": rows}})])
    md = to_markdown(b)
    assert "*fuel: 700 tons (harbour.example [1]), about 700 tons (\\<b\\>coast\\</b\\> [2]); outlets agree*" in md
    page = to_html(b)
    assert "about 700 tons (&lt;b&gt;coast&lt;/b&gt; [2]); outlets agree" in page and "<b>coast" not in page
    one = _brief(CLEAN + [("The tanker moved 700 tons of fuel to a second ship.", "figure", ["a"],
                           {"figure": {"label": "fuel", "status": "single", "values": rows[:1]}})])
    assert "outlets agree" not in to_markdown(one) and "one outlet" not in to_markdown(one)


def test_another_events_date_is_as_precise_as_the_text() -> None:
    start = finish.parse_reference(PUB)
    assert finish.other_event_date("The harbour wall was built in 1984 by the council.", PUB, start) == "1984"
    assert finish.other_event_date("The strike of September 2015 closed the port.", PUB, start) == "2015-09"
    assert finish.other_event_date("On Oct. 3 a tanker ran aground at the harbour.", PUB, start) == "2017-10-03"
    assert finish.other_event_date("The union voted on Wednesday.", PUB, start) is None


def test_the_checker_sees_a_dateline_with_its_date() -> None:
    sents = [*CLEAN, ("HARBOURTON, Maine, Oct 19 (Reuters) - The cranes stood still.", "fact", ["a", "b"], {})]
    assert brief_defects(_brief(sents), ARTS)["dateline"]


def test_an_opening_he_is_named_after_the_person_the_sentence_before_names() -> None:
    from storydesk.model import Entity, Sentence

    article = "Mayor Tom Reyes opened the new bridge on Friday. He said traffic would return within a week."
    first, second = article.index("Mayor"), article.index("He said")
    sents = [Sentence(first, second - 1, article[first:second - 1]), Sentence(second, len(article), article[second:])]
    people = [Entity(article.index("Tom"), article.index("Tom") + 9, "Tom Reyes", "PERSON")]
    text = article[second:]
    edits = clean.edits_for(text, second, PUB, [], set(), article, people, sents)
    out = clean.apply_edits(text, edits)
    assert out == "Tom Reyes said traffic would return within a week."
    assert check_edits(text, out, [e.as_dict() for e in edits], article, PUB) == []
    # evidence two sentences back is refused by the verifier
    longer = article.replace("Friday. ", "Friday. The river was high. ")
    assert check_edits(text, out, [edits[0].as_dict()], longer, PUB)
    # a possessive takes 's; a name given once is a surname after that
    art2 = article.replace("He said", "Reyes said") + " His office said the toll would be lifted."
    at = art2.index("His")
    his = art2[at:]
    r2 = art2.index("Reyes said")
    people2 = [*people, Entity(r2, r2 + 5, "Reyes", "PERSON", actor="Tom Reyes")]
    e2 = clean.edits_for(his, at, PUB, [], {"Tom Reyes"}, art2, people2, [])
    assert clean.apply_edits(his, e2) == "Reyes's office said the toll would be lifted."
    assert check_edits(his, "Reyes's office said the toll would be lifted.", [e.as_dict() for e in e2], art2, PUB) == []
    # a person named only as a possessive far into the sentence before is no antecedent
    song = ("The single knocked a ballad by the singer Tom Reyes's band off the top of the chart. "
            "He said traffic would return within a week.")
    at = song.index("He said")
    ent = [Entity(song.index("Tom"), song.index("Tom") + 9, "Tom Reyes", "PERSON")]
    assert clean.edits_for(song[at:], at, PUB, [], set(), song, ent, []) == []
    # two people in the sentence before: no antecedent is guessed
    both = people + [Entity(0, 5, "Ann Lo", "PERSON")]
    assert clean.edits_for(text, second, PUB, [], set(), article, both, sents) == []


def test_late_copy_is_no_development_and_its_date_anchors_no_day() -> None:
    from storydesk.stories.developments import developments, is_late_copy, redated

    assert is_late_copy(LATE[2], LATE[:2])
    assert [len(b) for b in developments(LATE)] == [2] and redated(LATE) == {"l"}
    rose = _art("l", "river.example", _LEAD.replace("five percent", "7 percent"),
                published="2018-01-20T09:00:00")
    assert not is_late_copy(rose, LATE[:2])  # a new number: news
    assert [len(b) for b in developments([*LATE[:2], rose])] == [2, 1]
    text = "Dock workers walked off the job on Saturday at all three terminals."
    assert clean.edits_for(text, 0, None, [], set()) == []  # the writer passes no date for a late copy


def test_a_weekday_with_its_time_of_day_stays_as_written() -> None:
    assert clean.date_edits("The plane had landed in the valley on Sunday morning from the capital.",
                            "2017-12-31T22:00:00") == []
    assert clean.date_edits("The plane had landed in the valley on Sunday from the capital.",
                            "2017-12-31T22:00:00")


def test_a_lede_from_a_late_copy_is_not_on_the_latest_development() -> None:
    sents = [("Angry dock workers walked off the job at all three terminals of the port of Harbourton.", "lede",
              ["l"], {}), (CLEAN[1][0], "fact", ["a", "b", "l"], {})]
    found = brief_defects(_brief(sents, LATE), LATE)
    assert found["lede_not_latest"] and not any(v for k, v in found.items() if k != "lede_not_latest"), found


def test_a_thin_summary_takes_no_relative_day_from_an_earlier_development() -> None:
    old = Article(id="a0", text="x", published_at="2017-12-19T12:00:00Z", outlet="one.example")
    new = Article(id="a1", text="x", published_at="2017-12-31T12:00:00Z", outlet="two.example")

    def sent(text: str, section: str, aid: str) -> BriefSentence:
        return BriefSentence(text, section, [aid], [Support(aid, text)])

    brief = Brief("st-d", "h", [sent("The ferry service to the island resumed after the inquiry ended.", "lede", "a1"),
                                 sent("The ferry ran aground off the island early Tuesday, injuring nine.", "fact",
                                      "a0"),
                                sent("The ferry had carried 212 passengers on the island route.", "fact", "a0")],
                  [SourceRef(a.id, "https://x.example/" + a.id, a.outlet, "t", a.published_at) for a in (old, new)])
    finish._summary(brief, [old, new], {"a0": old, "a1": new})
    assert [s.text for s in brief.sentences if s.section == "summary"] == [
        "The ferry had carried 212 passengers on the island route."]


def test_a_weekday_after_said_is_no_unnamed_surname() -> None:
    sents = [*CLEAN, ("Union leader Maria Ostrova said Tuesday, 26 December that the strike would go on.", "quote",
                      ["a"], {})]
    assert not brief_defects(_brief(sents), ARTS)["unnamed_speaker"]


def test_the_checker_asks_a_first_name_only_of_people() -> None:
    arts = [_art("a", "harbour.example", "Portco said the cranes would stay idle. Jonathan Blake, a docker, spoke."),
            _art("b", "coast.example", "The port closed too. Blake said the talks had failed.")]
    company = [("The cranes will stay idle for a week, Portco said.", "quote", ["a"], {})]
    person = [("The talks have failed, Blake said at the gate.", "quote", ["a", "b"], {})]
    assert not brief_defects(_brief(CLEAN + company, arts), arts)["unnamed_speaker"]
    assert brief_defects(_brief(CLEAN + person, arts), arts)["unnamed_speaker"]


def test_a_quotation_with_no_speaker_is_no_sentence_of_a_brief() -> None:
    """Session 4: a tweet quoted alone ('"Nothing will move until they pay us!"') names no one who said it."""
    text = '"Nothing will move in this port until the owners pay us what we are owed!"'
    assert clean.reject_reason(text) == "quotation without a speaker"
    assert clean.reject_reason('"Nothing will move until they pay," the union leader said.') is None
    found = brief_defects(_brief([*CLEAN, (text, "fact", ["a", "b"], {})]), ARTS)
    assert found["unnamed_speaker"] and not any(v for k, v in found.items() if k != "unnamed_speaker"), found


def test_a_word_that_only_starts_like_a_response_makes_no_reaction() -> None:
    from storydesk.brief.sections import REACTING

    detail = "A coach at the college said the player last visited the team around Thanksgiving."
    assert not REACTING.search(detail)
    found = brief_defects(_brief([*CLEAN, (detail, "reaction", ["a"], {})]), ARTS)
    assert found["not_a_reaction"], found
    for text in ("The defendant said the reactor had been shut.", "Respondents at the bank said so."):
        assert not REACTING.search(text)
    assert REACTING.search("The union thanked the mayor and condemned the lockout.")


@pytest.mark.parametrize("surname", ["McNamee", "O'Brien", "MacLeod"])
def test_surnames_with_an_inner_capital_are_surnames_too(surname: str) -> None:
    from storydesk.brief.finish import _HONORIFIC_NAME

    arts = [A, _art("b", "coast.example", f"Roger {surname}, an early investor in the port, spoke.",
                    published="2017-12-30T09:00:00")]
    text = f"Mr. {surname} told the crowd on the quay that the strike was going well."
    assert _HONORIFIC_NAME.search(text).group("n") == surname  # the writer's name edit sees the surname
    found = brief_defects(_brief([*CLEAN, (text, "analysis", ["b"], {})], arts), arts)
    assert found["surname_first"], found
