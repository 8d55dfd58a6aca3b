"""The date resolver on invented sentences, with a Thursday as publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from storydesk.stories.dates import find_dates, parse_reference, resolve_date

THURSDAY = dt.date(2010, 4, 22)


def one(text: str, ref: dt.date = THURSDAY):
    found = find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "expected", "granularity", "how"), [
    ("The ferry sank on Tuesday near the harbour .", dt.date(2010, 4, 20), "day", "weekday"),
    ("The mayor resigned on Thursday .", THURSDAY, "day", "weekday"),
    ("The vote is set for next Monday .", dt.date(2010, 4, 26), "day", "weekday"),
    ("Talks collapsed last Thursday .", dt.date(2010, 4, 15), "day", "weekday"),
    ("Yesterday the dam gave way .", dt.date(2010, 4, 21), "day", "relative"),
    ("Crews worked through last night .", dt.date(2010, 4, 21), "day", "relative"),
    ("The strike began three days ago .", dt.date(2010, 4, 19), "day", "ago"),
    ("Prices rose last month .", dt.date(2010, 3, 1), "month", "relative"),
    ("The plant opened in 2011 .", dt.date(2011, 1, 1), "year", "explicit"),
    ("The tanker ran aground on March 3 .", dt.date(2010, 3, 3), "day", "inferred-year"),
    ("Photographs taken on April 21 , 2010 show the fire .", dt.date(2010, 4, 21), "day", "explicit"),
    ("The law passed on 5 February 2009 .", dt.date(2009, 2, 5), "day", "explicit"),
    ("It was filed as 2010-04-19 in the register .", dt.date(2010, 4, 19), "day", "explicit"),
    ("The bridge closed in June 2008 .", dt.date(2008, 6, 1), "month", "explicit"),
    ("Floods hit the valley in mid-March .", dt.date(2010, 3, 1), "month", "inferred-year"),
])
def test_resolves_expressions_against_the_publication_date(text, expected, granularity, how):
    mention = one(text)
    assert (mention.date, mention.granularity, mention.how) == (expected, granularity, how)
    assert text[mention.start:mention.end] == mention.text


def test_year_is_inferred_towards_the_past_across_new_year():
    assert one("Fighting resumed on December 28 .", dt.date(2011, 1, 5)).date == dt.date(2010, 12, 28)
    assert one("Elections are due on January 9 .", dt.date(2011, 1, 5)).date == dt.date(2011, 1, 9)


def test_a_weekday_with_its_date_is_one_mention():
    mention = one("The talks opened on Tuesday , March 2 in Geneva .")
    assert mention.date == dt.date(2010, 3, 2) and mention.text.startswith("Tuesday")


def test_several_mentions_in_order_and_modal_may_is_no_month():
    found = find_dates("Officials may meet on Friday , a week after the blast of April 9 , 2010 .", THURSDAY)
    assert [m.date for m in found] == [dt.date(2010, 4, 16), dt.date(2010, 4, 9)]


def test_resolve_date_takes_entity_text_and_falls_back_to_dateparser():
    assert resolve_date("last Tuesday", THURSDAY).date == dt.date(2010, 4, 20)
    parsed = resolve_date("19.04.2010", THURSDAY)
    assert parsed is not None and parsed.date == dt.date(2010, 4, 19) and parsed.how == "dateparser"
    assert resolve_date("the 1990s", THURSDAY) is None
    assert resolve_date("---", THURSDAY) is None


def test_parse_reference():
    assert parse_reference("2010-04-22T19:30:00Z") == THURSDAY
    assert parse_reference("not a date") is None
    assert parse_reference(None) is None


@pytest.mark.parametrize("text, expected", [
    # a clause that looks ahead takes the next weekday, not the last
    ("Officials said identification of the remains would begin Tuesday at the morgue.", dt.date(2018, 1, 2)),
    ("The two sides are set to resume talks on Friday in the capital.", dt.date(2018, 1, 5)),
    # a reporting verb after the marker: the weekday is the saying's, and looks back
    ("The mill will cut 300 jobs, its owners said Tuesday.", dt.date(2017, 12, 26)),
    ("The ferry sank on Tuesday near the harbour.", dt.date(2017, 12, 26)),
    # a month and day without a year, in a clause that looks ahead, is the next one
    ("The bridge will be open to traffic by Jan. 31, the council said.", dt.date(2018, 1, 31)),
    ("The bridge opened to traffic on Jan. 31, the council said.", dt.date(2017, 1, 31)),
])
def test_a_clause_that_looks_ahead_resolves_forward(text, expected):
    sunday = dt.date(2017, 12, 31)
    ref = sunday if "Jan." not in text else dt.date(2017, 9, 20)
    assert [m.date for m in find_dates(text, ref)] == [expected]
