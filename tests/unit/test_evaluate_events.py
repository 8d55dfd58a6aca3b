"""The event and actor scorers on hand-made predictions, and the shape of the gold files."""

from __future__ import annotations

import json

from storydesk.enrich.events import SCORES
from storydesk.evaluate.events import GOLD_DIR, load_gold, same_actor, score_events
from storydesk.model import Event


def ev(action: str, actor: str | None, target: str | None, date: str | None = None) -> Event:
    return Event(0, 10, action, actor, target, date=date)


def test_same_actor_is_exact_for_states_and_lenient_for_person_names():
    assert same_actor("North Korea", "north korea")
    assert not same_actor("North Korea", "South Korea")
    assert not same_actor("Korea", "North Korea")
    assert same_actor("Guterres", "Antonio Guterres")
    assert same_actor(None, None)
    assert not same_actor(None, "Japan")


def test_score_events_counts_strict_and_looser_matches():
    pairs = [
        (
            [ev("accuse", "Japan", "North Korea", "2017-09-15")],
            [{"action": "accuse", "actor": "Japan", "target": "North Korea", "date": "2017-09"}],
        ),
        (
            [ev("accuse", "Japan", None)],
            [{"action": "accuse", "actor": "Japan", "target": "China", "date": None}],
        ),
        ([ev("assault", "Russia", None)], []),
        ([], [{"action": "aid", "actor": "China", "target": "North Korea", "date": None}]),
    ]
    s = score_events(pairs)
    assert (s.strict.tp, s.strict.pred, s.strict.gold) == (1, 3, 3)
    assert (s.actor.tp, s.action.tp) == (2, 2)
    assert (s.sentence.tp, s.sentence.pred, s.sentence.gold) == (2, 3, 3)
    assert (s.dates_right, s.dates_gold) == (1, 1)
    assert round(s.strict.f1, 3) == round(1 / 3, 3)


def test_one_prediction_matches_one_gold_event():
    s = score_events(
        [
            (
                [ev("accuse", "Japan", None)],
                [
                    {"action": "accuse", "actor": "Japan", "target": None},
                    {"action": "accuse", "actor": "Japan", "target": None},
                ],
            )
        ]
    )
    assert (s.strict.tp, s.strict.gold) == (1, 2)


def test_gold_files_hold_offsets_not_text():
    events = load_gold()
    assert len(events) >= 150 and {r["split"] for r in events} == {"dev", "test"}
    for row in events:
        assert set(row) == {"id", "split", "article", "start", "end", "events"}
        assert 0 <= row["start"] < row["end"]
        for e in row["events"]:
            assert e["action"] in SCORES and set(e) == {"action", "actor", "target", "date"}
    mentions = [json.loads(line) for line in (GOLD_DIR / "actors_gold.jsonl").read_text().splitlines()]
    assert len([m for m in mentions if m["split"] == "dev"]) >= 100
    assert all(set(m) == {"id", "split", "article", "start", "end", "actor", "kind"} for m in mentions)
