"""Quote and attribution scorer on PolNeAR (brat standoff: Source, Cue and Content spans and their relations).

The metric follows the issue: a predicted content matches a gold content when their character overlap divided
by their union is at least 0.5, one to one; content precision, recall and F1 count those matches, and source
accuracy is the share of matched pairs (whose gold attribution has a source) where the predicted speaker
mention overlaps the gold source. The peer, textacy's ``direct_quotations``, runs on the same parses in the
same call so that its figures are comparable.

Development protocol (issue 16): rules are tuned on a fixed eighth of the train split (the articles whose
id's SHA-1 ends in the hex digit 0 or 8, :func:`polnear_half` "tuning") and checked on the whole dev split
("check"); a rule is kept only when the check half agrees, and the floors in tests sit on the check half.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enrich.nlp import load_nlp
from ..enrich.quotes import find_quotes
from ..errors import InputError
from ..model import Quote
from . import eval_data_dir

Fragments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.+)$")
MATCH_THRESHOLD = 0.5


@dataclass(frozen=True)
class GoldAttribution:
    content: Fragments
    source: Fragments | None = None
    cue: Fragments | None = None


@dataclass
class PolnearDoc:
    id: str
    text: str
    attributions: list[GoldAttribution]
    annotator: str = ""


@dataclass
class AttributionScore:
    """Counts and rates for one extractor on one set of documents."""

    name: str
    n_docs: int = 0
    n_pred: int = 0
    n_gold: int = 0
    matched: int = 0
    source_total: int = 0
    source_correct: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.source_total if self.source_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "docs": self.n_docs, "predicted": self.n_pred, "gold": self.n_gold,
            "matched": self.matched, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "source_accuracy": round(self.source_accuracy, 4),
            "source_total": self.source_total, "seconds": round(self.seconds, 3),
        }


def polnear_dir(data_dir: Path | None = None) -> Path:
    base = data_dir or eval_data_dir()
    if base is None:
        raise InputError("attribution/polnear", "the shared evaluation data was not found",
                         "set STORYDESK_EVAL_DATA to the folder holding attribution/polnear")
    path = base / "attribution" / "polnear"
    if not path.is_dir():
        raise InputError(str(path), "no PolNeAR folder there")
    return path


def _fragments(spec: str) -> Fragments:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in spec.split(";")))


def parse_ann(ann_text: str) -> list[GoldAttribution]:
    """Read one brat file: T lines give typed spans, E lines tie Source, Cue and Content (and Content2).

    Lines that belong to a multi-line span's text, or annotator notes, are skipped: only offsets matter.
    """
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = _fragments(m.group(3))
            continue
        m = _E_LINE.match(line)
        if m:
            events.append(dict(arg.split(":", 1) for arg in m.group(2).split() if ":" in arg))
    out = []
    for ev in events:
        content = [frag for role in ("Content", "Content2") if role in ev for frag in spans.get(ev[role], ())]
        if not content:
            continue  # a few attributions lack content; nothing to match them against
        source = spans.get(ev["Source"]) if "Source" in ev else None
        cue = spans.get(ev["Cue"]) if "Cue" in ev else None
        out.append(GoldAttribution(tuple(sorted(content)), source, cue))
    return out


def load_polnear(
    split: str = "dev", data_dir: Path | None = None, limit: int | None = None
) -> list[PolnearDoc]:
    """Load a PolNeAR split; where several annotators marked one article, the first file by name is used."""
    root = polnear_dir(data_dir) / split
    if not root.is_dir():
        raise InputError(str(root), f"no split named {split!r}", "use train or dev")
    docs: dict[str, PolnearDoc] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        doc_id, _, annotator = ann.stem.rpartition("_")
        if doc_id in docs:
            continue
        text_path = root / "text" / f"{doc_id}.txt"
        if not text_path.is_file():
            raise InputError(str(ann), f"no text file {text_path.name} beside the annotations")
        text = text_path.read_text(encoding="utf-8")
        docs[doc_id] = PolnearDoc(doc_id, text, parse_ann(ann.read_text(encoding="utf-8")), annotator)
        if limit and len(docs) >= limit:
            break
    return list(docs.values())


HALVES = ("tuning", "check")


def in_tuning_subset(doc_id: str) -> bool:
    """Whether a train article belongs to the fixed tuning subset (about one in eight, by id hash)."""
    return hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[-1] in "08"


def polnear_half(half: str, data_dir: Path | None = None, limit: int | None = None) -> list[PolnearDoc]:
    """The documents of one half of the protocol: "tuning" (a fixed train subset) or "check" (dev)."""
    if half == "check":
        return load_polnear("dev", data_dir, limit)
    if half != "tuning":
        raise InputError(half, "no such half", "use tuning or check")
    docs = [d for d in load_polnear("train", data_dir) if in_tuning_subset(d.id)]
    return docs[:limit] if limit else docs


def _chars(frags: Iterable[tuple[int, int]]) -> set[int]:
    return {i for a, b in frags for i in range(a, b)}


def _overlaps(a: Fragments, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in a)


def match(gold: Sequence[GoldAttribution], pred: Sequence[Quote]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, predicted index, overlap/union) at or above the threshold.

    Pairs are taken greedily by falling overlap/union, which is optimal whenever the threshold is 0.5: above
    it a span can overlap at most one disjoint partner strongly enough to compete.
    """
    gold_chars = [_chars(g.content) for g in gold]
    pred_chars = [set(range(q.content_start, q.content_end)) for q in pred]
    pairs = []
    for gi, gc in enumerate(gold_chars):
        for pi, pc in enumerate(pred_chars):
            inter = len(gc & pc)
            if not inter:
                continue
            iou = inter / len(gc | pc)
            if iou >= MATCH_THRESHOLD:
                pairs.append((iou, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for iou, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, iou))
    return out


def score_doc(score: AttributionScore, gold: Sequence[GoldAttribution], pred: Sequence[Quote]) -> None:
    """Add one document's counts to ``score``."""
    score.n_docs += 1
    score.n_gold += len(gold)
    score.n_pred += len(pred)
    for gi, pi, _ in match(gold, pred):
        score.matched += 1
        src = gold[gi].source
        if src is None:
            continue
        score.source_total += 1
        q = pred[pi]
        if q.speaker_start is not None and q.speaker_end is not None and _overlaps(src, q.speaker_start,
                                                                                   q.speaker_end):
            score.source_correct += 1


def textacy_quotes(doc: Any) -> list[Quote]:
    """The peer: textacy's ``direct_quotations`` turned into our records (speaker and cue as token runs).

    textacy refuses articles with an unclosed quotation (ValueError); those count as articles without quotes.
    """
    from textacy.extract.triples import direct_quotations

    out: list[Quote] = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # it bails out on an odd number of quotation marks: no quotes for that article
        return out
    for triple in triples:
        content = triple.content
        q = Quote(content.start_char, content.end_char, content.text, direct=True)
        if triple.speaker:
            q.speaker_start = min(t.idx for t in triple.speaker)
            q.speaker_end = max(t.idx + len(t) for t in triple.speaker)
            q.speaker = doc.text[q.speaker_start:q.speaker_end]
        if triple.cue:
            q.cue_start = min(t.idx for t in triple.cue)
            q.cue_end = max(t.idx + len(t) for t in triple.cue)
            q.cue = doc.text[q.cue_start:q.cue_end]
        out.append(q)
    return out


def evaluate(
    docs: Sequence[PolnearDoc],
    extractors: dict[str, Callable[[Any], list[Quote]]],
    *,
    nlp: Any = None,
    batch_size: int = 16,
) -> dict[str, AttributionScore]:
    """Parse every document once, run each extractor on the same parses and score it.

    ``seconds`` per extractor counts only the extractor; the shared parse time is in
    ``extra['parse_seconds']`` of each score.
    """
    nlp = nlp or load_nlp()
    scores = {name: AttributionScore(name) for name in extractors}
    started = time.perf_counter()
    parse_seconds = 0.0
    it = iter(nlp.pipe((d.text for d in docs), batch_size=batch_size))
    for gold_doc in docs:
        t0 = time.perf_counter()
        doc = next(it)
        parse_seconds += time.perf_counter() - t0
        for name, fn in extractors.items():
            t0 = time.perf_counter()
            pred = fn(doc)
            scores[name].seconds += time.perf_counter() - t0
            score_doc(scores[name], gold_doc.attributions, pred)
    total = time.perf_counter() - started
    for s in scores.values():
        s.extra["parse_seconds"] = parse_seconds
        s.extra["total_seconds"] = total
    return scores


def evaluate_polnear(
    split: str = "dev", *, data_dir: Path | None = None, limit: int | None = None, peer: bool = True
) -> dict[str, AttributionScore]:
    """Our extractor (and textacy beside it) on one PolNeAR split, or on one half of the protocol
    (``split`` "tuning" or "check")."""
    extractors: dict[str, Callable[[Any], list[Quote]]] = {"storydesk": find_quotes}
    if peer:
        extractors["textacy"] = textacy_quotes
    docs = polnear_half(split, data_dir, limit) if split in HALVES else load_polnear(split, data_dir, limit)
    return evaluate(docs, extractors)
