"""A feed whose XML declaration names an unreadable encoding is refused with a reason, or read, never a crash
(found by the fuzz suite: feedparser and expat raised UnicodeDecodeError, LookupError and ValueError)."""

import pytest

from storydesk.errors import InputError
from storydesk.ingest.feeds import parse_feed

BODY = b"?><rss version='2.0'><channel><title>Harbour news</title></channel></rss>"


@pytest.mark.parametrize("encoding", [b"\x80", b"utf-8\x00"])
def test_an_unreadable_declaration_is_refused_naming_the_feed(encoding: bytes) -> None:
    with pytest.raises(InputError, match="encoding declaration") as err:
        parse_feed(b"<?xml version='1.0' encoding='" + encoding + b"'" + BODY, "harbour.xml")
    assert err.value.input == "harbour.xml"


def test_a_declaration_naming_no_codec_still_reads_the_feed() -> None:
    feed = parse_feed(b"<?xml version='1.0' encoding='Autf-8'" + BODY, "harbour.xml")
    assert feed.title == "Harbour news"
