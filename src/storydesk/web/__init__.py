"""The web layer: the reading UI and the JSON API (the only module that speaks HTTP to readers)."""

from .app import create_app

__all__ = ["create_app"]
