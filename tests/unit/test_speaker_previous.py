"""A pronoun speaker goes to the speaker of the attribution just before when that person was named there,
even when the model did not tag the surname as a person: "..., Musk tweeted. '...,' he said" is Musk's,
not a singer's named two sentences earlier. Sentences written for this test."""

from __future__ import annotations

import pytest

from storydesk.enrich.nlp import load_nlp
from storydesk.enrich.quotes import find_quotes

CASES = [
    ("Elon Musk says the first flight of the new rocket will happen next month.\n"
     "Its cargo? A red roadster with David Bowie on the stereo.\n"
     "The rocket will lift off from the old Apollo pad, Musk tweeted late Friday.\n"
     "\"Will have double thrust of next largest rocket,\" he said. \"Guaranteed to be exciting.\"",
     "double thrust", "Elon Musk"),
    ("Maria Oduya says the new bridge will open in May.\n"
     "Its name? The Arn Crossing, after a poem by Peter Lund.\n"
     "The bridge will carry four lanes of traffic, Oduya wrote on Friday.\n"
     "\"It will halve the drive to the coast,\" she said.",
     "halve the drive", "Maria Oduya"),
]


@pytest.mark.parametrize(("text", "phrase", "actor"), CASES)
def test_a_pronoun_speaks_for_the_person_of_the_attribution_before(text: str, phrase: str, actor: str) -> None:
    quotes = find_quotes(load_nlp()(text))
    q = next(q for q in quotes if phrase in q.content)
    assert q.speaker in ("he", "she")
    assert q.actor == actor, [(x.content[:30], x.speaker, x.actor) for x in quotes]
