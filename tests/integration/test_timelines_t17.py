"""Timeline17 floors on three small topics (the full figures are in bench/RESULTS.md)."""

from __future__ import annotations

import json

import pytest

from storydesk.evaluate.timelines import eval_timelines

SUBSET = ["H1N1_guardian", "bpoil_foxnews", "SyrianCrisis_bbc"]


@pytest.mark.shared_data
def test_t17_subset_floors_and_prediction_files(shared_data, tmp_path):
    data = shared_data / "timelines" / "t17"
    ours = eval_timelines(data, tmp_path / "pred", topics=SUBSET)
    base = eval_timelines(data, method="baseline", topics=SUBSET)
    o, b = ours["overall"], base["overall"]
    # measured on this subset: ours 0.163 / 0.053 / 0.688, baseline 0.099 / 0.030 / 0.637
    assert o["rouge1_f"] >= 0.150 and o["rouge2_f"] >= 0.048 and o["date_f"] >= 0.67
    assert o["rouge1_f"] > b["rouge1_f"] and o["rouge2_f"] > b["rouge2_f"] and o["date_f"] >= b["date_f"]
    files = sorted(p.name for p in (tmp_path / "pred").iterdir())
    assert files == sorted(f"{t}.json" for t in SUBSET)
    rows = json.loads((tmp_path / "pred" / "bpoil_foxnews.json").read_text(encoding="utf-8"))
    assert rows and set(rows[0]) == {"date", "text"}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert len(rows) <= 13  # the gold timeline's number of dates
