"""Schemathesis fuzzes every API operation from the OpenAPI schema: no 5xx, errors as JSON with a message.

Bounded: a few generated requests per operation against one real server (the ingest job is left to
test_web_api, as a pipeline run per generated request would be slow).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from storydesk.web.testing import running_server
from web_fixtures import TOKEN, build_db

EXAMPLES = 4


def test_api_survives_generated_requests(tmp_path_factory: pytest.TempPathFactory) -> None:
    cfg = build_db(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    failures: list[str] = []
    calls = 0
    with running_server(cfg) as base:
        schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json")
        operations = [r.ok() for r in schema.get_all_operations()]
        assert len(operations) >= 14
        for op in operations:
            if op.path == "/api/ingest":
                continue

            @given(case=op.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def check(case: schemathesis.Case) -> None:
                nonlocal calls
                headers = {"Authorization": f"Bearer {TOKEN}"} if case.method in ("POST", "DELETE") else {}
                response = case.call(base_url=base, headers=headers, timeout=30)
                calls += 1
                where = f"{case.method} {case.formatted_path} {case.query or ''}"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code} {response.text[:200]}")
                elif response.status_code >= 400:
                    body = response.json()
                    if not body.get("error", {}).get("message"):
                        failures.append(f"{where}: error without a message: {body}")

            check()
    assert calls >= len(operations)
    assert failures == []
