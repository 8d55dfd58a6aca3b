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


def test_the_same_figures_in_other_words_are_one_fact_wherever_they_stand() -> None:
    """Session 4: two outlets giving the same figures (not only years) state one fact from MiniLM 0.65, also
    past the first sentences; without figures the bar stays MEANING and the lead positions."""
    from storydesk.brief.select import MEANING, MEANING_FIGURES, MEANING_POSITIONS
    from storydesk.enrich.embed import embed

    figures = ("Repairs to the Tarsk ferry will cost about 3 million euros, the operator said.",
               "The operator put the bill for mending the Tarsk ferry's hull at roughly 3 million euros.")
    years = ("The Tarsk ferry was refitted in 2019 after a fire in its engine room.",
             "Tarsk's only ferry went back into service in 2019, after engine room repairs.")
    arts = {aid: Article(id=aid, text="", title="") for aid in "ab"}
    late = MEANING_POSITIONS + 5
    cands = [Candidate(arts["a"], Sentence(0, 1, figures[0]), late, figures[0]),
             Candidate(arts["b"], Sentence(0, 1, figures[1]), late + 3, figures[1]),
             Candidate(arts["a"], Sentence(2, 3, years[0]), 1, years[0]),
             Candidate(arts["b"], Sentence(2, 3, years[1]), 2, years[1])]
    v = embed([c.text for c in cands])
    assert MEANING_FIGURES <= float(v[0] @ v[1]) < MEANING  # a paraphrase the general bar misses
    m = tfidf_matrix([c.text for c in cands])
    sim = cosines(m, m)
    assert sim[0, 1] < 0.6
    same = same_fact(cands, sim, 0.6)
    assert same[0, 1] and same[1, 0]
    assert MEANING_FIGURES <= float(v[2] @ v[3]) < MEANING and sim[2, 3] < 0.6
    assert not same[2, 3]  # only a year agrees: the general bar applies
    other = "The operator put the bill for mending the Tarsk ferry's hull at roughly 4 million euros."
    cands[1] = Candidate(arts["b"], Sentence(0, 1, other), late + 3, other)
    m = tfidf_matrix([c.text for c in cands])
    assert not same_fact(cands, cosines(m, m), 0.6)[0, 1]  # 4 million is not 3 million
