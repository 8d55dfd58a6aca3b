"""The PolNeAR scorer on brat files and texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import InputError
from storydesk.evaluate.attribution import (
    AttributionScore,
    GoldAttribution,
    load_polnear,
    match,
    parse_ann,
    score_doc,
)
from storydesk.model import Quote

ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 40\tthe bridge would reopen\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 50 60;70 80\tfirst part second part\n"
    "T6\tCue 62 66\tsaid\n"
    "T7\tAttribution 62 66\tsaid\n"
    "E2\tAttribution:T7 Content:T5 Cue:T6\n"
    "T8\tContent 90 95\ta\n"
    "T9\tCue 96 100\tsaid\n"
    "T10\tContent 101 110\tline one\nline two of the same span\n"
    "T11\tAttribution 96 100\tsaid\n"
    "E3\tAttribution-no-source:T11 Content:T8 Cue:T9 Content2:T10\n"
    "#1\tAnnotatorNotes T5\ta note\n"
    "T12\tDiscuss 120 130\tnot an attribution\n"
    "T13\tCue 140 144\tsaid\n"
    "E4\tAttribution:T13 Cue:T13\n"
)


def test_parse_ann_reads_fragments_sources_and_second_contents():
    gold = parse_ann(ANN)
    assert len(gold) == 3  # the attribution without content is skipped
    assert gold[0] == GoldAttribution(((15, 40),), ((0, 9),), ((10, 14),))
    assert gold[1].content == ((50, 60), (70, 80))
    assert gold[1].source is None
    assert gold[2].content == ((90, 95), (101, 110))


def quote(start: int, end: int, speaker: tuple[int, int] | None = None) -> Quote:
    q = Quote(start, end, "")
    if speaker:
        q.speaker_start, q.speaker_end = speaker
    return q


def test_match_needs_half_overlap_over_union():
    gold = [GoldAttribution(((0, 100),))]
    assert match(gold, [quote(0, 50)]) == [(0, 0, 0.5)]
    assert match(gold, [quote(0, 49)]) == []
    assert match(gold, [quote(50, 150)]) == []  # 50 / 150


def test_match_is_one_to_one():
    gold = [GoldAttribution(((0, 100),))]
    pairs = match(gold, [quote(0, 90), quote(0, 100)])
    assert pairs == [(0, 1, 1.0)]


def test_fragments_count_as_one_content():
    gold = [GoldAttribution(((0, 40), (60, 100)))]
    # the prediction spans the gap too: 80 shared characters over a union of 100
    assert match(gold, [quote(0, 100)]) == [(0, 0, 0.8)]


def test_score_counts_sources_only_where_gold_has_one():
    gold = [GoldAttribution(((0, 100),), ((110, 120),)), GoldAttribution(((200, 300),))]
    pred = [quote(0, 100, (112, 115)), quote(200, 300, (5, 9)), quote(400, 420)]
    score = AttributionScore("x")
    score_doc(score, gold, pred)
    assert (score.n_gold, score.n_pred, score.matched) == (2, 3, 2)
    assert (score.source_total, score.source_correct) == (1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == 1.0
    assert score.f1 == pytest.approx(0.8)


def test_wrong_speaker_is_counted():
    gold = [GoldAttribution(((0, 100),), ((110, 120),))]
    score = AttributionScore("x")
    score_doc(score, gold, [quote(0, 100, (130, 140))])
    assert score.source_accuracy == 0.0


def write_split(root: Path) -> None:
    text = "The mayor said the bridge would reopen on Monday after repairs.\n"
    (root / "attribution/polnear/dev/text").mkdir(parents=True)
    (root / "attribution/polnear/dev/attributions").mkdir(parents=True)
    (root / "attribution/polnear/dev/text/town_2020-01-01_bridge.txt").write_text(text, encoding="utf-8")
    for annotator, end in (("aaaa", 40), ("bbbb", 62)):
        ann = (f"T1\tSource 0 9\tx\nT2\tCue 10 14\tsaid\nT3\tContent 15 {end}\tx\n"
               "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
        path = root / f"attribution/polnear/dev/attributions/town_2020-01-01_bridge_{annotator}.ann"
        path.write_text(ann, encoding="utf-8")


def test_load_polnear_takes_the_first_annotator(tmp_path):
    write_split(tmp_path)
    docs = load_polnear("dev", tmp_path)
    assert [d.id for d in docs] == ["town_2020-01-01_bridge"]
    assert docs[0].annotator == "aaaa"
    assert docs[0].attributions[0].content == ((15, 40),)


def test_load_polnear_names_missing_parts(tmp_path):
    with pytest.raises(InputError, match="PolNeAR"):
        load_polnear("dev", tmp_path)
    write_split(tmp_path)
    with pytest.raises(InputError, match="no split named"):
        load_polnear("test", tmp_path)
    (tmp_path / "attribution/polnear/dev/text/town_2020-01-01_bridge.txt").unlink()
    with pytest.raises(InputError, match="no text file"):
        load_polnear("dev", tmp_path)
