"""One exception tree. Every error names its input and the reason; the CLI maps classes to exit codes."""

from __future__ import annotations


class StorydeskError(Exception):
    """Base of every error storydesk raises on purpose."""

    exit_code = 1

    def __init__(self, input: str, reason: str, hint: str | None = None) -> None:
        self.input = input
        self.reason = reason
        self.hint = hint
        msg = f"{input}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class InputError(StorydeskError):
    """Bad user input: a file that is not what it claims, a record without text, a bad option."""

    exit_code = 2


class ExtractionError(InputError):
    """A page from which no article could be extracted."""


class FetchError(StorydeskError):
    """A URL that could not be fetched (network, size or time caps, robots.txt)."""

    exit_code = 3


class UnsafeURLError(FetchError):
    """A URL that resolves to an address the fetcher must not reach (SSRF protection)."""


class NotFoundError(StorydeskError):
    """A story, article or brief id that the store does not hold."""

    exit_code = 4


class StoreError(StorydeskError):
    """The database cannot be opened or migrated."""

    exit_code = 5


class ModelError(StorydeskError):
    """A model package is missing or is not the version we pinned."""

    exit_code = 6


class ConfigError(StorydeskError):
    """A setting has a bad value."""

    exit_code = 2
