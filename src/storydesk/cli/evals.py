"""`storydesk eval ...`: score storydesk on labelled data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import StorydeskError
from ..evaluate.attribution import evaluate_polnear
from ..evaluate.briefs import evaluate_briefs
from ..evaluate.clustering import evaluate_corpus
from ..evaluate.timelines import eval_timelines
from ..safety import term
from .common import DbOption, JsonOption, _fail, _progress, _read, _settings, console


def eval_clustering(corpus: Annotated[Path, typer.Argument(help="news-please JSON with newsCluster.EventId.")],
                    as_json: JsonOption = False) -> None:
    """Ingest and cluster a labelled corpus in a temporary database; print BCubed P/R/F1 and ARI."""
    try:
        with _progress(not as_json) as progress:
            scores = evaluate_corpus(corpus, _settings(), progress)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(scores))
        return
    table = Table(title=f"clustering on {term(corpus)}")
    for k in scores:
        table.add_column(k)
    table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in scores.values()))
    console.print(table)


def eval_timelines_cmd(data: Annotated[Path, typer.Argument(help="Timeline17-style folder of topics (or one topic).")],
                       out: Annotated[Path | None, typer.Option("--out", help="Write each predicted timeline "
                                                                "here as <topic>.json.")] = None,
                       method: Annotated[str, typer.Option(help="datewise or baseline.")] = "datewise",
                       as_json: JsonOption = False) -> None:
    """Build a timeline per (topic, gold timeline) and print alignment ROUGE-1/2 F and date F1 (news-tls)."""
    try:
        result = eval_timelines(data, out, method=method)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=term(f"timelines on {data} ({method}, {result['seconds']} s)"))
    for col in ("timeline", "dates", "ROUGE-1 F", "ROUGE-2 F", "date F1"):
        table.add_column(col)
    for p in result["pairs"]:
        table.add_row(term(p["name"]), str(p["n_dates"]), f"{p['rouge1_f']:.4f}", f"{p['rouge2_f']:.4f}",
                      f"{p['date_f']:.4f}")
    o = result["overall"]
    table.add_row("overall", "", f"{o['rouge1_f']:.4f}", f"{o['rouge2_f']:.4f}", f"{o['date_f']:.4f}")
    console.print(table)


def eval_briefs(db: DbOption = None, min_size: Annotated[int, typer.Option(help="Stories of at least this many "
                                                                           "articles.")] = 2,
                as_json: JsonOption = False) -> None:
    """Reader defects per class over every stored brief (run `storydesk run CORPUS` first), with body length,
    key facts from 2+ outlets and coverage of facts from 3+ outlets beside LexRank and TextRank."""
    result = _read(db, lambda store: evaluate_briefs(store, min_size=min_size))
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"reader defects in {result['briefs']} briefs")
    table.add_column("class")
    table.add_column("defects")
    for c, n in result["defects"].items():  # in the checker's order of classes
        table.add_row(c, str(n))
    table.add_row("total", str(result["defects_total"]))
    console.print(table)
    console.print(f"median body words {result['median_body_words']}; key facts with 2+ outlets "
                  f"{result['facts_2plus_share']:.0%}; edits {result['edits']}, failing the check "
                  f"{result['edits_failed']}")
    for name in ("ours", "lexrank", "textrank"):
        r = result[name]
        console.print(f"{name}: coverage of 3+ outlet facts {r['coverage_3plus']:.1%} (syndicated copies folded "
                      f"{r['coverage_3plus_independent']:.1%}), supported "
                      f"{r['supported_share']:.1%}, numbers/quotes absent from a cited source "
                      f"{r['unsupported_numbers']}/{r['unsupported_quotes']}, redundant pairs {r['redundant_pairs']}")
    for half, h in result.get("halves", {}).items():  # tuned on the first, reported on the second
        console.print(f"{half} half ({h['briefs']} briefs): defects {h['defects_total']}, median body words "
                      f"{h['median_body_words']}, key facts with 2+ outlets {h['facts_2plus_share']:.1%}, "
                      f"coverage of 3+ outlet facts {h['ours']['coverage_3plus']:.1%} (syndicated copies folded "
                      f"{h['ours']['coverage_3plus_independent']:.1%})")


def eval_quotes(split: Annotated[str, typer.Option(help="PolNeAR split: dev or train.")] = "dev",
                peer: Annotated[bool, typer.Option(help="Run textacy's direct_quotations beside ours.")] = True,
                as_json: JsonOption = False) -> None:
    """Score quotes and attributions on PolNeAR (content P/R/F1 at overlap >= 0.5, source accuracy)."""
    try:
        scores = evaluate_polnear(split, peer=peer)
    except StorydeskError as exc:
        _fail(exc)
    rows = [s.as_dict() for s in scores.values()]
    if as_json:
        print(json.dumps(rows))
        return
    table = Table(title=f"quotes on PolNeAR {split}")
    cols = ("name", "docs", "gold", "predicted", "precision", "recall", "f1", "source_accuracy")
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*(str(r[c]) for c in cols))
    console.print(table)
