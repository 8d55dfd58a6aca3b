"""Floor test: the quote extractor on PolNeAR's dev split, with textacy run beside it on the same parses.

Measured when the floors were set (dev, 84 articles): ours P 0.782 / R 0.591 / F1 0.673, source accuracy
0.927; textacy P 0.609 / R 0.121 / F1 0.202 (as published here).
"""

from __future__ import annotations

import pytest

from storydesk.enrich.quotes import find_quotes
from storydesk.evaluate.attribution import evaluate, load_polnear, textacy_quotes

pytestmark = pytest.mark.shared_data


def test_polnear_dev_floor(shared_data):
    docs = load_polnear("dev", shared_data)
    assert len(docs) == 84
    scores = evaluate(docs, {"storydesk": find_quotes, "textacy": textacy_quotes})
    ours, peer = scores["storydesk"], scores["textacy"]
    assert ours.n_gold == peer.n_gold == 2192
    assert ours.f1 >= 0.65, ours.as_dict()
    assert ours.source_accuracy >= 0.90, ours.as_dict()
    assert ours.precision >= 0.76 and ours.recall >= 0.57, ours.as_dict()
    assert 0.15 <= peer.f1 <= 0.25, peer.as_dict()  # the peer as published here: 20.2
    assert ours.f1 >= peer.f1 + 0.4
