"""One line per quantity (issue 15, item 4): stories.compare on claims the real extractor finds in sentences
written for these tests (none copied from any corpus)."""

from __future__ import annotations

import pytest

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.model import Article, Enrichment
from storydesk.stories.compare import FigureGroup, compare_claims, counted_key, figure_line
from storydesk.stories.figure_text import format_value


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def story(nlp, items: list[tuple[str, str, str]]) -> tuple[list[Article], dict[str, Enrichment]]:
    """(outlet, date, text) -> articles and their enrichments with the claims the extractor finds."""
    arts, enr = [], {}
    for n, (outlet, date, text) in enumerate(items):
        a = Article(id=f"a{n}", text=text, outlet=outlet, published_at=f"{date}T10:00:00Z")
        arts.append(a)
        enr[a.id] = Enrichment(a.id, claims=find_claims(nlp(text)))
    return arts, enr


def groups_with(groups: list[FigureGroup], value: float) -> list[FigureGroup]:
    return [g for g in groups if any(v.value == value for v in g.values)]


def test_synonyms_and_head_nouns_make_one_figure(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The tanker is suspected of moving 700 tons of refined oil to another ship."),
        ("Coast Times", "2031-03-02", "Officials said the tanker moved about 700 tons of refined petroleum products."),
        ("Bay Herald", "2031-03-03", "The crew transferred 700 tons of petroleum at night."),
    ])
    groups = compare_claims(arts, enr)
    oil = groups_with(groups, 700)
    assert len(oil) == 1 and set(oil[0].outlets) == {"Harbour Post", "Coast Times", "Bay Herald"}
    assert oil[0].status == "agree"
    line = figure_line(oil[0])
    assert "about 700 tons (Coast Times)" in line and line.endswith("outlets agree")
    assert counted_key("soldiers") == counted_key("troops") == counted_key("North Korean troops")


def test_different_things_are_never_one_line(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The storm killed 14 people and injured 40 people in the port."),
        ("Coast Times", "2031-03-02", "About 2,000 U.S. troops are based on the island."),
        ("Bay Herald", "2031-03-02", "Some 9,000 North Korean troops took part in the drill."),
        ("Delta News", "2031-03-02", "The council blacklisted 10 ships and later added four ships to the list."),
        ("Gulf Daily", "2031-03-02", "In 1991 a storm killed 300 people on the same coast."),
        ("Bay Herald", "2031-03-03", "The storm left 14 people dead, and a 20% rise in prices followed."),
    ])
    groups = compare_claims(arts, enr)
    dead, hurt = groups_with(groups, 14), groups_with(groups, 40)
    assert len(dead) == 1 and dead[0] not in hurt and dead[0].status == "agree"
    assert set(dead[0].outlets) == {"Harbour Post", "Bay Herald"}
    assert groups_with(groups, 2000) != groups_with(groups, 9000)  # U.S. vs North Korean troops
    assert groups_with(groups, 10) != groups_with(groups, 4)  # one article, two counts of ships
    assert groups_with(groups, 300) != dead  # another year's storm
    assert groups_with(groups, 20) != dead  # a percentage is not a count of people


def test_a_toll_that_grows_is_one_line_by_date_and_a_same_day_conflict_is_marked(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The blast killed 50 people, officials said."),
        ("Coast Times", "2031-03-03", "At least 59 people were killed in the blast, the ministry said."),
        ("Bay Herald", "2031-03-04", "The blast killed 61 people, according to the ministry."),
    ])
    (toll,) = groups_with(compare_claims(arts, enr), 59)
    assert toll.status == "changed" and len(toll.values) == 3
    line = figure_line(toll, lambda aid: f" [{aid}]")
    assert line.index("50 (Harbour Post [a0], 2 Mar)") < line.index("then at least 59") < line.index("then 61")
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The blast killed 50 people, officials said."),
        ("Coast Times", "2031-03-02", "The blast killed 80 people, the ministry said."),
    ])
    (clash,) = groups_with(compare_claims(arts, enr), 80)
    assert clash.status == "disagree" and figure_line(clash).endswith("outlets disagree")


def test_hedges_and_readable_numbers(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The fund will spend $14 billion on the new port."),
        ("Coast Times", "2031-03-02", "Up to 12,000 workers could be hired for the new port."),
        ("Bay Herald", "2031-03-02", "The new port will cost 2,000,000 euros a year to run."),
    ])
    shown = {v.value: format_value(v) for g in compare_claims(arts, enr) for v in g.values}
    assert shown[14e9] == "$14 billion"
    assert shown[12000] == "up to 12,000"
    assert shown[2e6] == "€2 million"
    assert not any("e+" in s for s in shown.values())


def test_a_syndicated_copy_is_not_a_second_outlet(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "The ferry carried 320 passengers."),
        ("Wire Copy", "2031-03-02", "The ferry carried 320 passengers."),
    ])
    arts[1].duplicate_of = arts[0].id
    (ferry,) = groups_with(compare_claims(arts, enr), 320)
    assert ferry.outlets == ["Harbour Post"] and ferry.status == "single"


def test_the_same_counted_phrase_in_two_outlets_is_one_figure_even_with_other_values(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "About 1,200 crew members joined the strike, the union said."),
        ("Bay Herald", "2031-03-02", "Some 1,500 crew members have walked off the job, according to the union."),
    ])
    (crew,) = groups_with(compare_claims(arts, enr), 1500)
    assert {v.value for v in crew.values} == {1200, 1500}
    assert crew.status == "disagree" and figure_line(crew).endswith("outlets disagree")


def test_an_outlet_with_two_articles_is_named_once_on_a_figure_line() -> None:
    from storydesk.stories.figure_text import line_from_rows

    rows = [{"article_id": aid, "outlet": outlet, "shown": "2", "published": "2031-03-02T10:00:00Z"}
            for aid, outlet in (("a1", "Harbour Post"), ("a2", "Harbour Post"), ("a3", "Coast Times"))]
    nums = {"a1": 1, "a2": 2, "a3": 3}
    line = line_from_rows(rows, "agree", lambda aid: f" [{nums[aid]}]")
    assert line == "2 (Harbour Post [1][2], Coast Times [3]); outlets agree"


def test_a_small_number_after_the_refers_back_and_is_no_figure(nlp) -> None:
    arts, enr = story(nlp, [
        ("Harbour Post", "2031-03-02", "Talks between the two countries resumed after three ships were seized."),
        ("Coast Times", "2031-03-02", "The two countries said three ships had been seized near the strait."),
    ])
    groups = compare_claims(arts, enr)
    assert not groups_with(groups, 2.0), [(g.counted, [v.value for v in g.values]) for g in groups]
    assert groups_with(groups, 3.0)  # the ships are counted; the countries were only referred to
