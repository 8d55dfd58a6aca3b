"""Timeline measures of news-tls (Ghalandari and Ifrim 2020), written from their definitions.

* Alignment-based ROUGE-N, the "align+ m:1" variant of Martschat and Markert (EACL 2017) that tilse names
  ``align_date_content_costs_many_to_one``: every predicted date is mapped to the reference date of least
  cost, and every reference date to the predicted date of least cost, where the cost of a pair is
  ``(1 - 1/(|days| + 1)) * (1 - F1 of unigram overlap of the raw whitespace tokens)``. The matched n-gram
  counts of a pair are weighted by ``1/(|days| + 1)``; precision divides by the predicted n-grams, recall
  by the reference n-grams.
* ROUGE-1.5.5 preprocessing (``-s -m``): lower-case, hyphens kept as their own token, every other
  non-alphanumeric character a space, the SMART common words removed, and tokens of more than three
  characters Porter-stemmed (the original algorithm). A date's sentences are joined into one text, as
  ROUGE-1.5.5 does, so bigrams may cross sentence boundaries.
* Date F1: the overlap of the two sets of dates.

No code is taken from tilse, news-tls, pyrouge or ROUGE-1.5.5.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from ..stories.timeline import TimelineOptions, build_timeline
from ..text import rouge_tokens

Timeline = Mapping[dt.date, Sequence[str]]

def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f(self) -> float:
        return f_score(self.precision, self.recall)


def f_score(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _approx_rouge1_f(pred: Counter[str], ref: Counter[str]) -> float:
    """tilse's cheap content similarity for the alignment: unigram-overlap F1 on raw whitespace tokens."""
    match = sum((pred & ref).values())
    p_total, r_total = sum(pred.values()), sum(ref.values())
    precision = match / p_total if p_total else 0.0
    recall = match / r_total if r_total else 0.0
    return f_score(precision, recall)


def _weight(a: dt.date, b: dt.date) -> float:
    return 1.0 / (abs(a.toordinal() - b.toordinal()) + 1)


def _many_to_one(sources: list[dt.date], targets: list[dt.date],
                 src_raw: dict[dt.date, Counter[str]], tgt_raw: dict[dt.date, Counter[str]]) -> dict[dt.date, dt.date]:
    """Map each source date to its least-cost target date (first one in date order on ties)."""
    mapping = {}
    for s in sources:
        best, best_cost = None, float("inf")
        for t in targets:
            cost = (1.0 - _weight(s, t)) * (1.0 - _approx_rouge1_f(src_raw[s], tgt_raw[t]))
            if cost < best_cost:
                best, best_cost = t, cost
        if best is not None:
            mapping[s] = best
    return mapping


def align_rouge(pred: Timeline, ref: Timeline, orders: Iterable[int] = (1, 2)) -> dict[int, PRF]:
    """Alignment-based ROUGE-N (many-to-one, date and content costs) of one predicted timeline."""
    pred_dates, ref_dates = sorted(pred), sorted(ref)
    raw_p = {d: Counter(" ".join(pred[d]).split()) for d in pred_dates}
    raw_r = {d: Counter(" ".join(ref[d]).split()) for d in ref_dates}
    tok_p = {d: rouge_tokens(" ".join(pred[d])) for d in pred_dates}
    tok_r = {d: rouge_tokens(" ".join(ref[d])) for d in ref_dates}
    p_map = _many_to_one(pred_dates, ref_dates, raw_p, raw_r)
    r_map = _many_to_one(ref_dates, pred_dates, raw_r, raw_p)
    out = {}
    for n in orders:
        gp = {d: ngrams(tok_p[d], n) for d in pred_dates}
        gr = {d: ngrams(tok_r[d], n) for d in ref_dates}
        p_num = sum(_weight(d, p_map[d]) * sum((gp[d] & gr[p_map[d]]).values()) for d in p_map)
        p_den = sum(sum(gp[d].values()) for d in pred_dates)
        r_num = sum(_weight(d, r_map[d]) * sum((gp[r_map[d]] & gr[d]).values()) for d in r_map)
        r_den = sum(sum(gr[d].values()) for d in ref_dates)
        out[n] = PRF(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)
    return out


def date_prf(pred: Iterable[dt.date], ref: Iterable[dt.date]) -> PRF:
    p, r = set(pred), set(ref)
    shared = len(p & r)
    return PRF(shared / len(p) if p else 0.0, shared / len(r) if r else 0.0)


def score_timeline(pred: Timeline, ref: Timeline) -> dict[str, PRF]:
    """ROUGE-1, ROUGE-2 (alignment-based) and date precision/recall of one (prediction, reference) pair."""
    rouge = align_rouge(pred, ref)
    return {"rouge1": rouge[1], "rouge2": rouge[2], "date": date_prf(pred, ref)}


def mean_scores(per_pair: Sequence[Mapping[str, PRF]]) -> dict[str, PRF]:
    """news-tls averaging: mean precision and mean recall over pairs; F is taken from the two means."""
    if not per_pair:
        return {}
    keys = per_pair[0].keys()
    return {k: PRF(sum(s[k].precision for s in per_pair) / len(per_pair),
                   sum(s[k].recall for s in per_pair) / len(per_pair)) for k in keys}


# --- the Timeline17 protocol -------------------------------------------------------------------------


@dataclass
class GoldTimeline:
    name: str
    dates: dict[dt.date, list[str]]

    @property
    def sentences_per_date(self) -> int:
        """round(mean sentences per date), the summary length news-tls gives a system."""
        return max(1, round(sum(len(v) for v in self.dates.values()) / len(self.dates)))


def _split_gold(text: str) -> list[str]:
    """Gold daily summaries join their sentences with two spaces (one sentence a line originally)."""
    return [s.strip() for s in re.split(r"\s{2,}", text) if s.strip()]


def load_topic(topic_dir: Path) -> tuple[list[Article], list[GoldTimeline]]:
    """A Timeline17 topic folder: articles.json ([{uid, dct, dates, text}]) and *.timeline.json files."""
    path = topic_dir / "articles.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read the topic's articles: {exc}") from exc
    articles = [Article(id=str(a["uid"]), text=a["text"], published_at=str(a["dct"])[:10], source=str(path))
                for a in raw if a.get("text") and a.get("dct")]
    golds = []
    for gold_path in sorted(topic_dir.glob("*.timeline.json")):
        dates: dict[dt.date, list[str]] = {}
        for entry in json.loads(gold_path.read_text(encoding="utf-8")):
            dates.setdefault(dt.date.fromisoformat(entry["date"][:10]), []).extend(_split_gold(entry["text"]))
        golds.append(GoldTimeline(gold_path.name.removesuffix(".timeline.json"), dates))
    if not golds:
        raise InputError(str(topic_dir), "no *.timeline.json gold timeline in the topic folder")
    return articles, golds


def topic_dirs(data_dir: Path) -> list[Path]:
    """Topic folders under ``data_dir`` (or ``data_dir`` itself when it is one topic)."""
    data_dir = Path(data_dir)
    if (data_dir / "articles.json").exists():
        return [data_dir]
    found = sorted(p for p in data_dir.iterdir() if (p / "articles.json").exists()) if data_dir.is_dir() else []
    if not found:
        raise InputError(str(data_dir), "no Timeline17 topic folders (with articles.json) here")
    return found


def eval_timelines(data_dir: str | Path, out: str | Path | None = None, *, method: str = "datewise",
                   topics: Sequence[str] | None = None, options: TimelineOptions | None = None) -> dict[str, Any]:
    """Run the timeline builder on every (topic, gold timeline) pair and score it the news-tls way.

    The system gets each gold timeline's number of dates, round(mean sentences per date) and its first
    and last date. With ``out``, each prediction is written as ``<topic>.json`` (or
    ``<topic>__<timeline name>.json`` where a topic has several gold timelines), ``[{date, text}]``.
    """
    out_dir = Path(out) if out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    pairs: list[dict[str, Any]] = []
    started = time.perf_counter()
    for tdir in topic_dirs(Path(data_dir)):
        if topics and tdir.name not in topics:
            continue
        articles, golds = load_topic(tdir)
        for gold in golds:
            ref_dates = sorted(gold.dates)
            entries = build_timeline(articles, n_dates=len(ref_dates), sentences_per_date=gold.sentences_per_date,
                                     start=ref_dates[0], end=ref_dates[-1], method=method, options=options)
            pred: dict[dt.date, list[str]] = {}
            for e in entries:
                pred.setdefault(dt.date.fromisoformat(e.date), []).append(e.text)
            scores = score_timeline(pred, gold.dates)
            name = tdir.name if len(golds) == 1 else f"{tdir.name}__{gold.name}"
            if out_dir:
                rows = [{"date": d.isoformat(), "text": " ".join(pred[d])} for d in sorted(pred)]
                (out_dir / f"{name}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
            pairs.append({"topic": tdir.name, "timeline": gold.name, "name": name, "scores": scores,
                          "n_dates": len(ref_dates), "sentences_per_date": gold.sentences_per_date})
    overall = mean_scores([p["scores"] for p in pairs])
    return {
        "method": method,
        "pairs": [{**{k: v for k, v in p.items() if k != "scores"}, **_flat(p["scores"])} for p in pairs],
        "overall": _flat(overall),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _flat(scores: Mapping[str, PRF]) -> dict[str, float]:
    flat = {}
    for key, prf in scores.items():
        flat[f"{key}_p"] = round(prf.precision, 4)
        flat[f"{key}_r"] = round(prf.recall, 4)
        flat[f"{key}_f"] = round(prf.f, 4)
    return flat
