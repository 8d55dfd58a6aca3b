"""Persistence: SQLite by default."""

from .sqlite import Store

__all__ = ["Store"]
