"""Commands that edit stories by hand: split one story in two, merge two into one (``storydesk story``)."""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any

import typer

from .. import edits, pipeline
from ..errors import InputError, StorydeskError
from ..safety import term
from .common import DbOption, JsonOption, _fail, _settings, _store, console, resolve_id

ByOption = Annotated[str | None, typer.Option("--by", help="Who makes the edit, for the story's history "
                                                         "(default: your login name).")]


def _by(by: str | None) -> str:
    if by:
        return by
    try:
        return f"{getpass.getuser()} (cli)"
    except (KeyError, OSError):  # no login name in this environment
        return "cli"


def _show(result: dict[str, Any], as_json: bool, line: str) -> None:
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    console.print(term(line), highlight=False, soft_wrap=True)


def split(story: Annotated[str, typer.Argument(help="The story to split (an id or a unique prefix).")],
          articles: Annotated[str, typer.Option("--articles", help="Articles to move to a new story, comma "
                                                                   "separated (ids or unique prefixes).")],
          by: ByOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Move some articles of a story to a new story (their syndicated copies go with them). Both briefs
    are rewritten; later clustering never merges the two again (a `story merge` may)."""
    wanted = [a.strip() for a in articles.split(",") if a.strip()]
    if not wanted:
        _fail(InputError("--articles", "no article named", "give article ids, comma separated"))
    settings = _settings(db=db)
    try:
        with _store(db, must_exist=True) as store:
            result = edits.split_story(store, settings, resolve_id(store, "story", story), wanted, _by(by),
                                        rewrite=pipeline.write_briefs)
    except StorydeskError as exc:
        _fail(exc)
    _show(result, as_json, f"split {result['story']}: {len(result['moved'])} article(s) moved to "
                           f"{result['new_story']}; both briefs rewritten")


def merge(keep: Annotated[str, typer.Argument(help="The story that stays (an id or a unique prefix).")],
          other: Annotated[str, typer.Argument(help="The story merged into it (an id or a unique prefix).")],
          by: ByOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Merge the second story into the first: its articles move, its record stays, marked as merged, and
    the first story's brief is rewritten."""
    settings = _settings(db=db)
    try:
        with _store(db, must_exist=True) as store:
            result = edits.merge_stories(store, settings, resolve_id(store, "story", keep),
                                         resolve_id(store, "story", other), _by(by),
                                         rewrite=pipeline.write_briefs)
    except StorydeskError as exc:
        _fail(exc)
    _show(result, as_json, f"merged {result['absorbed']} into {result['story']}: {result['size']} articles; "
                           "brief rewritten")
