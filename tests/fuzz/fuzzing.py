"""Shared pieces of the fuzz suite: one Hypothesis profile (fixed seed, an example budget scaled by
STORYDESK_FUZZ_SCALE for `make fuzz`), strategies for hostile text and URLs, and the record checks."""

from __future__ import annotations

import os
from collections.abc import Iterable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from storydesk.model import Article, Reject

SCALE = float(os.environ.get("STORYDESK_FUZZ_SCALE", "1"))


def budget(examples: int) -> settings:
    """The suite's settings: derandomized (a fixed seed), no example database, no deadline, ``examples``
    times the scale."""
    return settings(max_examples=max(1, int(examples * SCALE)), derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])


NASTY = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[/]", "[bold]",
         "[fd00::1]", "[x](javascript:y)", "<iframe src=//e>", "\x1b[2J", "\x00", "\ud800", "&lt;script&gt;",
         "<!ENTITY x SYSTEM 'file:///etc/passwd'>", "]]>", "<![CDATA[", "\\", "\u202e", "%00", "'\"><svg/onload=1>",
         "<a href='javascript:1'>", "${7*7}", "{{7*7}}", "\r\n\r\n", "\ufeff", "\\[a](javascript:b)"]
URLS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\nscript:x", "data:text/html,<b>", "vbscript:x",
        "http://10.0.0.1/[/]", "http://[fd00::1]/", "//evil.example/", "https://ok.example/a?b=<c>&d=\"e\"",
        "http://ok.example/(x)", "file:///etc/passwd", " http://ok.example/ ", "", "http:", "http://\\evil"]

hostile_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=10), max_size=6).map("".join),
)
hostile_url = st.one_of(st.sampled_from(URLS), st.text(max_size=40),
                        st.builds(lambda a, b: f"http://{a}.example/{b}", st.text("abc", min_size=1, max_size=5),
                                  hostile_text))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=12)


def mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (position, length, insert) splice applied: deletions, insertions, truncation."""
    out = bytearray(data)
    for pos, length, insert in cuts:
        pos %= max(1, len(out) + 1)
        out[pos:pos + length] = insert
    return bytes(out)


splices = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=16)), max_size=4)


def check_records(items: Iterable[object], inputs: Iterable[str]) -> tuple[list[Article], list[Reject]]:
    """Every item is an Article or a Reject; every Reject names one of the inputs and gives a reason."""
    names = list(inputs)
    articles, rejects = [], []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        else:
            assert isinstance(item, Reject), f"neither an Article nor a Reject: {item!r}"
            assert item.reason.strip(), item
            assert any(name in item.input or item.input in name for name in names), (item.input, names)
            rejects.append(item)
    return articles, rejects
