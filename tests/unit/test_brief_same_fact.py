"""The brief's cross-outlet matching: another outlet's wording of a fact counts, other numbers do not."""

from __future__ import annotations

from storydesk.brief.select import Candidate, cosines, same_fact, tfidf_matrix
from storydesk.model import Article, Sentence


def _cands(rows: list[tuple[str, str]]) -> list[Candidate]:
    arts = {aid: Article(id=aid, text="", title="") for aid, _ in rows}
    return [Candidate(arts[aid], Sentence(0, len(t), t), i, t) for i, (aid, t) in enumerate(rows)]


def test_another_outlets_wording_with_the_same_numbers_is_the_same_fact() -> None:
    cands = _cands([
        ("a", "Floods in Lagos killed 12 people on Monday, officials said."),
        ("b", "Officials said Monday's flooding in Lagos left 12 people dead."),
        ("b", "Officials said Monday's flooding in Lagos left 15 people dead."),
        ("c", "The central bank in Lagos raised its main rate on Monday, officials said."),
    ])
    m = tfidf_matrix([c.text for c in cands])
    sim = cosines(m, m)
    assert sim[0, 1] < 0.6  # worded apart: only the meaning joins them
    same = same_fact(cands, sim, 0.6)
    assert same[0, 1] and same[1, 0]
    assert not same[0, 2]  # 15 dead is not 12 dead
    assert not same[0, 3]  # same place and day, another fact
    assert (same == same.T).all()


def test_a_single_article_gets_only_its_tfidf_matches() -> None:
    cands = _cands([
        ("a", "Floods in Lagos killed 12 people on Monday, officials said."),
        ("a", "Officials said Monday's flooding in Lagos left 12 people dead."),
    ])
    m = tfidf_matrix([c.text for c in cands])
    sim = cosines(m, m)
    assert (same_fact(cands, sim, 0.6) == (sim >= 0.6)).all()
