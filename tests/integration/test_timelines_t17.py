"""Timeline17 floors on three small topics of the check half (the full figures are in bench/RESULTS.md).

The topics are split once, for good: sorted by name, alternately tuning (first) and check. Rules are tuned
on the tuning half only (docs/timelines.md); floors sit on the check half."""

from __future__ import annotations

import json

import pytest

from storydesk.evaluate.timelines import eval_timelines

SUBSET = ["H1N1_bbc", "MJ_bbc", "bpoil_reuters"]  # check half: H1N1_bbc, IraqWar_guardian, MJ_bbc, bpoil_bbc,
# bpoil_reuters; tuning half: EgyptianProtest_cnn, H1N1_guardian, LibyaWar_cnn, SyrianCrisis_bbc, bpoil_foxnews


@pytest.mark.shared_data
def test_t17_subset_floors_and_prediction_files(shared_data, tmp_path):
    data = shared_data / "timelines" / "t17"
    ours = eval_timelines(data, tmp_path / "pred", topics=SUBSET)
    base = eval_timelines(data, method="baseline", topics=SUBSET)
    o, b = ours["overall"], base["overall"]
    # measured on this subset: ours 0.173 / 0.072 / 0.693, baseline 0.071 / 0.018 / 0.471
    assert o["rouge1_f"] >= 0.160 and o["rouge2_f"] >= 0.065 and o["date_f"] >= 0.67
    assert o["rouge1_f"] > b["rouge1_f"] and o["rouge2_f"] > b["rouge2_f"] and o["date_f"] >= b["date_f"]
    files = sorted(p.name for p in (tmp_path / "pred").iterdir())
    assert files == sorted(f"{t}.json" for t in SUBSET)
    rows = json.loads((tmp_path / "pred" / "bpoil_reuters.json").read_text(encoding="utf-8"))
    assert rows and set(rows[0]) == {"date", "text"}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert len(rows) <= 16  # the gold timeline's number of dates
