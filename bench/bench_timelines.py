"""Timeline17: our Datewise-style timelines against the simple baseline, with the published rows.

Measures of news-tls (alignment-based ROUGE-1/2 F, many-to-one, date-content costs; date F1), mean P and R
over (topic, gold timeline) pairs, then F. Both methods run here, in the same process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.evaluate.timelines import eval_timelines  # noqa: E402

PUBLISHED = [  # news-tls (Ghalandari and Ifrim 2020), all 17 T17 topics
    ("Datewise (published, 17 topics)", 0.120, 0.035, 0.544),
    ("Martschat 2018 (published)", 0.105, 0.030, 0.544),
    ("Tran 2013 (published)", 0.094, 0.022, 0.517),
    ("baseline measured by the data's curators (10 topics)", 0.103, 0.030, 0.577),
]


def run() -> str:
    data = eval_data_dir()
    if data is None or not (data / "timelines" / "t17").is_dir():
        return "## timelines\n\nskipped: ../shared/data/timelines/t17 not found\n"
    t17 = data / "timelines" / "t17"
    out = os.environ.get("STORYDESK_BENCH_TIMELINES_OUT")
    ours = eval_timelines(t17, out)
    base = eval_timelines(t17, method="baseline")
    lines = [
        "## timelines (Timeline17, 10 topics)", "",
        "Alignment ROUGE-1 F / ROUGE-2 F (align+ m:1, ROUGE-1.5.5 preprocessing) and date F1; the system gets "
        "each gold timeline's number of dates, round(mean sentences per date) and span.", "",
        "| system | ROUGE-1 F | ROUGE-2 F | date F1 | seconds |", "|---|---|---|---|---|",
    ]
    for label, r in (("storydesk datewise", ours), ("simple baseline (here)", base)):
        o = r["overall"]
        lines.append(f"| {label} | {o['rouge1_f']:.3f} | {o['rouge2_f']:.3f} | {o['date_f']:.3f} | {r['seconds']} |")
    for label, r1, r2, d in PUBLISHED:
        lines.append(f"| {label} | {r1:.3f} | {r2:.3f} | {d:.3f} | |")
    lines += ["", "Per topic (ours / baseline):", "",
              "| topic | dates | sents/date | ROUGE-1 F | ROUGE-2 F | date F1 |", "|---|---|---|---|---|---|"]
    for p, q in zip(ours["pairs"], base["pairs"], strict=True):
        lines.append(f"| {p['name']} | {p['n_dates']} | {p['sentences_per_date']} | "
                     f"{p['rouge1_f']:.3f} / {q['rouge1_f']:.3f} | {p['rouge2_f']:.3f} / {q['rouge2_f']:.3f} | "
                     f"{p['date_f']:.3f} / {q['date_f']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
