"""The one boundary where an untrusted record (a news-please JSON object, a dump row) becomes an Article.

Field types are checked here (``"title": 12345`` or ``"authors": 7`` is a reject naming the field), JSON
is parsed so that 200 000 nested brackets is a reject, not a RecursionError, and
``to_record`` turns whatever a builder raises into a Reject naming the input and the reason, so a bad
record never ends the batch that holds it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from functools import partial
from typing import IO, Any

from ..errors import InputError, StorydeskError
from ..model import Article, Reject
from .local import MAX_LINE_BYTES, iter_lines


def loads(text: str | bytes, source: str) -> Any:
    """Parse JSON; InputError (naming ``source``) for bad syntax, bad UTF-8 or too deep nesting."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not UTF-8 text: {exc}") from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise InputError(source, "JSON nested too deeply") from exc
    except ValueError as exc:
        raise InputError(source, f"not valid JSON: {exc}") from exc


def text_field(obj: Mapping[str, Any], key: str, source: str) -> str | None:
    """A text field: a string (stripped, None when empty) or absent; any other type is an InputError."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(source, f"field {key!r} is {type(value).__name__}, expected text",
                         "fix the record or drop the field")
    return value.strip() or None


def list_field(obj: Mapping[str, Any], key: str, source: str) -> list[str]:
    """A list of strings (a single string counts as one item); any other type is an InputError."""
    value = obj.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source, f"field {key!r} is {type(value).__name__}, expected a list of text")
    return [v.strip() for v in value if v.strip()]


def to_record(build: Callable[[], Article], source: str, stage: str = "ingest") -> Article | Reject:
    """The Article ``build`` makes, or a Reject naming the input and why it could not be made."""
    try:
        return build()
    except StorydeskError as exc:
        return Reject(stage, exc.input or source, exc.reason)
    except RecursionError:
        return Reject(stage, source, "record nested too deeply")
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        return Reject(stage, source, f"bad record ({type(exc).__name__}: {str(exc)[:120]})")


def jsonl_records(open_stream: Callable[[], AbstractContextManager[IO[bytes]]], name: str,
                  build: Callable[[bytes, str], Article], stage: str) -> Iterator[Article | Reject]:
    """The records of a JSON-lines stream, one line at a time (``build(line, "name:lineno")`` makes each):
    the one JSON-lines reader of ingest (news-please files and dumps). A line over ``MAX_LINE_BYTES`` or one
    that ``build`` cannot make is a Reject; an unopenable file or damage part-way (a truncated or corrupt
    gzip) is one Reject naming the file, after every line before it."""
    try:
        with open_stream() as stream:
            for lineno, line in iter_lines(stream):
                label = f"{name}:{lineno}"
                if line is None:
                    yield Reject(stage, label, f"line over {MAX_LINE_BYTES} bytes")
                elif line.strip():
                    yield to_record(partial(build, line, label), label, stage)
    except StorydeskError as exc:
        yield Reject(stage, exc.input or name, exc.reason)
    except OSError as exc:
        yield Reject(stage, name, f"cannot read the file: {exc.strerror or exc}")


def reason_kind(reason: str) -> str:
    """A reason without the per-item detail, so that counts group (``HTTP 404``, ``not JSON``): cut at the
    first ``": "`` (a colon and a space), so an IPv6 address (``fd00::1``) or a URL stays whole."""
    return reason.split(": ", 1)[0][:80]
