"""Outlet pages: the web's view of :mod:`storydesk.outlets` (which the CLI's ``storydesk outlet`` shares)."""

from __future__ import annotations

from ..outlets import outlet_detail, outlet_index, outlet_key

__all__ = ["outlet_detail", "outlet_key", "outlet_index"]
