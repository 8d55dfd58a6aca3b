"""`storydesk analyze --jsonl` over generated lines: no traceback; a bad line is reported with its number
and skipped, and the good lines are analysed."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fuzzing import budget, hostile_text, json_values
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from storydesk.cli import app

GOOD = {"id": "good", "text": "The mayor said on Monday that the bridge would reopen in March."}


@budget(20)
@given(st.lists(json_values | hostile_text.map(lambda t: {"id": t, "text": t}), max_size=4), st.binary(max_size=40))
def test_analyze_jsonl(lines: list, junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        body = b"".join(json.dumps(x).encode() + b"\n" for x in [GOOD, *lines]) + junk
        path.write_bytes(body)
        result = CliRunner().invoke(app, ["analyze", "--jsonl", str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        assert records and records[0]["article_id"] == "good" and records[0]["sentences"]
