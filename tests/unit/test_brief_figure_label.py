"""A Key figures line names what it counts only in words its sentence uses."""

from storydesk.brief.sections import _written_in


def test_a_label_the_sentence_writes_is_shown() -> None:
    assert _written_in("refined petroleum", "It moved about 600 tons of refined petroleum products.")
    assert _written_in("Costa Rican pilot", "Ten passengers and two Costa Rican pilots died.")
    assert _written_in("crew members", "Two local crew member were aboard.")


def test_a_counted_noun_the_sentence_never_writes_is_not_shown() -> None:
    assert not _written_in("response", "Exports fall by 89 percent, a cut from previous annual shipments.")
    assert not _written_in("", "Anything at all.")
    assert not _written_in(None, "Anything at all.")
