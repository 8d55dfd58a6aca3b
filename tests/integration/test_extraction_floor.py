"""Quality gate: our extractor on the shared article-extraction benchmark (181 real pages)."""

from __future__ import annotations

import pytest

from storydesk.errors import StorydeskError
from storydesk.evaluate.extraction import iter_pages, load_gold, load_urls, score
from storydesk.ingest.bodytext import extract_body

# Measured 0.973 / 0.969 / 0.976 (trafilatura 2.3.1 alone: 0.960); floors slightly below.
F1_FLOOR, P_FLOOR, R_FLOOR = 0.970, 0.965, 0.972


@pytest.mark.shared_data
def test_extraction_f1_floor(shared_data) -> None:
    folder = shared_data / "extraction"
    gold, urls = load_gold(folder), load_urls(folder)
    predicted = {}
    for key, html in iter_pages(folder):
        try:
            predicted[key] = extract_body(html, url=urls[key]).text
        except StorydeskError:
            predicted[key] = ""
    result = score(gold, predicted)
    assert len(predicted) == 181
    assert result.f1 >= F1_FLOOR, result.line()
    assert result.precision >= P_FLOOR, result.line()
    assert result.recall >= R_FLOOR, result.line()
