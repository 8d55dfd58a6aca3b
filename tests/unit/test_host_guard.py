"""The fetcher's address guard refuses a malformed URL with a clear error instead of crashing the batch."""

import asyncio

import pytest

from storydesk.errors import StorydeskError
from storydesk.ingest.ssrf import HostGuard


@pytest.mark.parametrize("url", ["http://[\x00fd00::1]/page", "http://[::1/page", "http://[not-an-ip]/"])
def test_a_malformed_bracketed_host_is_refused_with_its_reason(url: str) -> None:
    with pytest.raises(StorydeskError, match="malformed URL"):
        asyncio.run(HostGuard().check(url))


def test_a_loopback_address_is_still_refused() -> None:
    with pytest.raises(StorydeskError, match="127.0.0.1"):
        asyncio.run(HostGuard().check("http://127.0.0.1/page"))
