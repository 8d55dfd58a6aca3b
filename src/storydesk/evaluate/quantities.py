"""NewsQuant scorer for numeric claims, with quantulum3 as the peer.

NewsQuant (Almasian et al., EMNLP 2023) annotates every quantity of ~600 news sentences with its value and a
normalised unit. Its measures: value precision/recall/F1, and value+unit F1. Here every predicted
quantity is matched one to one with a gold quantity of the same sentence (a maximum bipartite matching, so
no prediction is counted twice), values being equal within 1e-5 relative; ranges must match as ranges
(both ends). Units are compared lower-cased after mapping to NewsQuant's unit names.

Development protocol (issue 16): the even set is split into a tuning half and a check half by a stable hash
of each sentence's text (:func:`newsquant_half`: SHA-1 of the UTF-8 text, the last hex digit even -> tuning,
odd -> check). Rules are tuned on the tuning half only; a rule is kept only when the check half agrees, and
the floors in tests are set on the check half. Session 5 splits the second probe, quantulum3's shipped test
sentences (:func:`load_quantulum_tests`), by the same hash into its own tuning and check halves
(:func:`evaluate_quantulum_tests`); a rule is kept only when both check halves hold or rise.

NewsQuant has no licence: we only evaluate on it, and never copy its text into the repository.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..enrich.claims import find_claims
from ..enrich.nlp import load_nlp
from ..errors import InputError
from ..model import Claim
from . import eval_data_dir

Value = float | tuple[float, float]
Quantity = tuple[Value, str]  # (value or (low, high), normalised unit)

# Our unit names where NewsQuant's differ; kinds it does not annotate at all.
# tonne and cubic centimetre: as NewsQuant's authors map quantulum3's names (QUANTULUM_UNIT_NAMES below)
NEWSQUANT_UNIT_NAMES = {"penny": "point", "times": "count", "percentage point": "percentage",
                        "tonne": "metric ton", "cubic centimetre": "millilitre"}
NOT_ANNOTATED_KINDS = {"ordinal", "rank"}

# quantulum3's unit names where NewsQuant's differ (the same mapping its authors used for the peer).
QUANTULUM_UNIT_NAMES = {
    "dimensionless": "-", "unk": "-", "per cent": "percentage", "united states dollar": "dollar",
    "dollar dollar": "dollar", "tonne": "metric ton", "degree angle": "degree", "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit", "percentage drop": "percentage", "second of arc": "second",
    "minute of arc": "minute", "yard yard": "yard", "cubic centimetre": "millilitre",
}


@dataclass(frozen=True)
class GoldSentence:
    text: str
    quantities: list[Quantity]


@dataclass(frozen=True)
class QuantityScores:
    """Counts and scores over a set of sentences (percentages, as NewsQuant reports them)."""

    system: str
    sentences: int
    gold: int
    predicted: int
    value_matches: int
    unit_matches: int
    seconds: float = 0.0

    @staticmethod
    def _prf(tp: int, gold: int, pred: int) -> tuple[float, float, float]:
        p = 100.0 * tp / pred if pred else 0.0
        r = 100.0 * tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def value(self) -> tuple[float, float, float]:
        return self._prf(self.value_matches, self.gold, self.predicted)

    @property
    def value_unit(self) -> tuple[float, float, float]:
        return self._prf(self.unit_matches, self.gold, self.predicted)

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


def parse_gold_value(raw: str) -> Value:
    """NewsQuant writes ranges as "low-high" (possibly with spaces) and negatives with a leading "-"."""
    raw = raw.strip()
    if "E" not in raw and not raw.startswith("-") and "-" in raw:
        low, high = raw.split("-", 1)
        return float(low), float(high)
    return float(raw)


def newsquant_path(data_dir: Path | None = None) -> Path:
    base = data_dir or eval_data_dir()
    if base is None:
        raise InputError("quantities/newsquant-even.json", "the shared evaluation data was not found",
                         "set STORYDESK_EVAL_DATA")
    return base / "quantities" / "newsquant-even.json"


def load_newsquant(path: Path | None = None) -> list[GoldSentence]:
    path = path or newsquant_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read NewsQuant: {exc}") from exc
    return [
        GoldSentence(row["text"], [(parse_gold_value(q["value"]), q["normalized_unit"].strip().lower())
                                   for q in row["quantities"]])
        for row in rows
    ]


HALVES = ("tuning", "check")


def newsquant_half(text: str) -> str:
    """Which half of the development protocol a sentence belongs to: "tuning" or "check" (a stable hash)."""
    digit = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[-1], 16)
    return "tuning" if digit % 2 == 0 else "check"


def select_half(gold: Sequence[GoldSentence], half: str | None) -> list[GoldSentence]:
    """The sentences of one half (``None``: all of them, in file order)."""
    if half is not None and half not in HALVES:
        raise InputError(half, "no such half", "use tuning or check")
    return [g for g in gold if half is None or newsquant_half(g.text) == half]


def normalized_unit(claim: Claim) -> str:
    """A claim's unit in NewsQuant's vocabulary ("-" where a number has none). A fraction of a counted whole
    is a percentage of it, as NewsQuant writes it ("a third of the population" -> "% population")."""
    if claim.kind == "fraction" and (claim.counted is not None or claim.unit is None) and not claim.currency:
        return f"% {(claim.unit or '-').lower()}"
    unit = (claim.unit or "-").lower()
    return NEWSQUANT_UNIT_NAMES.get(unit, unit)


def claim_quantity(claim: Claim) -> Quantity:
    value: Value = claim.value if claim.value_high is None else (claim.value, claim.value_high)
    return value, normalized_unit(claim)


def values_equal(gold: Value, pred: Value) -> bool:
    if isinstance(gold, tuple) != isinstance(pred, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(pred, tuple):
        return all(math.isclose(g, p, rel_tol=1e-5, abs_tol=1e-8) for g, p in zip(gold, pred, strict=True))
    assert isinstance(gold, float | int) and isinstance(pred, float | int)
    return math.isclose(gold, pred, rel_tol=1e-5, abs_tol=1e-8)


def _max_matching(gold: Sequence[Quantity], pred: Sequence[Quantity],
                  same: Callable[[Quantity, Quantity], bool]) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; sentences hold a handful of quantities)."""
    edges = [[j for j, p in enumerate(pred) if same(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def _midpoints(quantities: Sequence[Quantity]) -> list[Quantity]:
    return [((v[0] + v[1]) / 2 if isinstance(v, tuple) else v, u) for v, u in quantities]


def score(system: str, gold: Sequence[GoldSentence], predictions: Sequence[Sequence[Quantity]],
          *, average_gold_ranges: bool = False, average_predicted_ranges: bool = False,
          seconds: float = 0.0) -> QuantityScores:
    """Match predictions to gold sentence by sentence. ``average_gold_ranges`` scores a system that cannot
    output ranges against the midpoint of gold ranges, as NewsQuant's authors did for quantulum3;
    ``average_predicted_ranges`` scores predicted ranges at their midpoint, for gold written so
    (quantulum3's test sentences: "between 44 and 50 mg" is 47 mg there)."""
    if len(gold) != len(predictions):
        raise InputError(system, f"{len(predictions)} predictions for {len(gold)} sentences")
    n_gold = n_pred = v_match = u_match = 0
    for sentence, pred in zip(gold, predictions, strict=True):
        gq = sentence.quantities
        if average_gold_ranges:
            gq = _midpoints(gq)
        if average_predicted_ranges:
            pred = _midpoints(pred)
        n_gold += len(gq)
        n_pred += len(pred)
        v_match += _max_matching(gq, pred, lambda g, p: values_equal(g[0], p[0]))
        u_match += _max_matching(gq, pred, lambda g, p: values_equal(g[0], p[0]) and g[1] == p[1])
    return QuantityScores(system, len(gold), n_gold, n_pred, v_match, u_match, seconds)


def load_quantulum_tests() -> list[GoldSentence] | None:
    """The test sentences quantulum3 ships (``_lang/en_US/tests/quantities*.json``, MIT licence), read from the
    installed package; gold names mapped to NewsQuant's. None without quantulum3. A second tuning/check pair
    (session 5): :func:`select_half` splits them by the same hash as NewsQuant; only the tuning half is read.
    Its gold writes a range as its midpoint (quantulum3's convention), so score with
    ``average_predicted_ranges`` (:func:`evaluate_quantulum_tests` does)."""
    spec = importlib.util.find_spec("quantulum3")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))) / "_lang" / "en_US" / "tests"
    out = []
    for name in ("quantities.json", "quantities.ambiguity.json"):
        for row in json.loads((base / name).read_text(encoding="utf-8")):
            quantities: list[Quantity] = []
            for q in row["res"]:
                if not isinstance(q.get("value"), int | float):
                    break
                unit = str(q.get("unit", "")).strip().lower()
                quantities.append((float(q["value"]), QUANTULUM_UNIT_NAMES.get(unit, unit)))
            else:
                out.append(GoldSentence(row["req"], quantities))
    return out


def predict_storydesk(texts: Sequence[str], nlp: Any = None) -> list[list[Quantity]]:
    nlp = nlp or load_nlp()
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append([claim_quantity(c) for c in find_claims(doc) if c.kind not in NOT_ANNOTATED_KINDS])
    return out


def quantulum3_classifier(cache_dir: Path | None = None) -> Path | None:
    """Retrain quantulum3's unit classifier for the installed scikit-learn, once, into a cache directory.

    The classifier that quantulum3 ships was pickled with an old scikit-learn and fails to load with 1.9.
    Training uses only quantulum3's bundled training set (no download). Returns None when quantulum3 is
    not installed.
    """
    try:
        from importlib.metadata import version

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stemming 1.0.1 has invalid escape sequences (SyntaxWarning)
            import stemming.porter2  # noqa: F401
            from quantulum3 import classifier
    except ImportError:
        return None
    cache_dir = cache_dir or Path(tempfile.gettempdir()) / "storydesk-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"quantulum3-{version('quantulum3')}-sklearn-{version('scikit-learn')}.joblib"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        classifier.train_classifier(store=True, output_path=str(tmp), n_jobs=1)
        tmp.replace(path)
    return path


def predict_quantulum3(texts: Sequence[str], classifier_path: Path | None) -> list[list[Quantity]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    out = []
    for text in texts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = parser.parse(text, classifier_path=str(classifier_path) if classifier_path else None)
        quantities: list[Quantity] = []
        for q in found:
            unit = q.unit.name.strip().lower()
            quantities.append((float(q.value), QUANTULUM_UNIT_NAMES.get(unit, unit)))
        out.append(quantities)
    return out


def evaluate_newsquant(*, peer: bool = True, data_dir: Path | None = None, nlp: Any = None,
                       half: str | None = None) -> list[QuantityScores]:
    """Score storydesk (and quantulum3 when ``peer`` and installed) on NewsQuant in one run; ``half`` picks
    the tuning or check half of the protocol (None: the whole even set)."""
    gold = select_half(load_newsquant(newsquant_path(data_dir)), half)
    texts = [g.text for g in gold]
    results = []
    started = time.perf_counter()
    ours = predict_storydesk(texts, nlp)
    results.append(score("storydesk", gold, ours, seconds=time.perf_counter() - started))
    if peer:
        clf = quantulum3_classifier()
        if clf is not None:
            started = time.perf_counter()
            theirs = predict_quantulum3(texts, clf)
            results.append(score("quantulum3", gold, theirs, average_gold_ranges=True,
                                 seconds=time.perf_counter() - started))
    return results


def evaluate_quantulum_tests(*, half: str | None = None, nlp: Any = None) -> QuantityScores | None:
    """Score storydesk on quantulum3's test sentences (``half``: tuning, check or None for all), predicted
    ranges at their midpoint as that gold writes them. None without quantulum3."""
    gold = load_quantulum_tests()
    if gold is None:
        return None
    gold = select_half(gold, half)
    return score("storydesk", gold, predict_storydesk([g.text for g in gold], nlp), average_predicted_ranges=True)
