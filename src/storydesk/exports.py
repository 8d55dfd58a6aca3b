"""Writing briefs to a folder: file names from sanitised story ids, files written without following links.

Story ids are not trusted (``storydesk import`` loads them from Spark outputs anyone could have written),
so a file name keeps only ``[A-Za-z0-9_-]`` of the id, with a short hash of the full id when anything was
dropped (two ids never share a file). Files are opened relative to the folder's descriptor with
``O_NOFOLLOW``: a symbolic link planted in the folder is refused, never written through.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from .brief.render import render, to_rss
from .errors import InputError
from .model import Brief

FORMATS = ("md", "html", "json", "rss")
MAX_NAME = 80
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(story_id: str) -> str:
    """A file name stem for a story id: the id itself when it is plain, else its safe characters and a hash."""
    cleaned = _UNSAFE_RE.sub("_", story_id).strip("_-")[:MAX_NAME]
    if cleaned == story_id and cleaned:
        return cleaned
    digest = hashlib.sha256(story_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned or 'story'}-{digest}"


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def open_folder(out: Path) -> int:
    """A descriptor of the output folder, created if needed; InputError (exit 2) when it cannot be."""
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "not a folder", "give --out a folder (it is created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise InputError(str(out), f"cannot create or open the folder: {_why(exc)}",
                         "give --out a folder you may write into") from exc
    if not os.access(out, os.W_OK):
        os.close(fd)
        raise InputError(str(out), "the folder is not writable", "give --out a folder you may write into")
    return fd


def write_file(folder_fd: int, folder: Path, name: str, text: str) -> str:
    """Write one file inside the folder; refuses links and non-regular files at that name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
    path = folder / name
    try:
        fd = os.open(name, flags, 0o644, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(str(path), "is a symbolic link: not written through",
                             "remove the link, or export into an empty folder") from exc
        raise InputError(str(path), f"cannot write: {_why(exc)}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(str(path), "is not a regular file: not written")
        data = text.encode("utf-8", errors="replace")  # a lone surrogate from a bad record is not fatal
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {_why(exc)}", "check the free space and the file") from exc
    finally:
        os.close(fd)
    return str(path)


def export_briefs(out: Path, briefs: list[Brief], formats: Iterable[str] = FORMATS) -> list[str]:
    """Write each brief in each format (and one RSS feed of them all); the paths written, in order."""
    formats = list(formats)
    written: list[str] = []
    fd = open_folder(out)
    try:
        for brief in briefs:
            stem = safe_name(brief.story_id)
            for fmt in formats:
                if fmt != "rss":
                    written.append(write_file(fd, out, f"{stem}.{fmt}", render(brief, fmt)))
        if "rss" in formats:
            written.append(write_file(fd, out, "briefs.rss", to_rss(briefs)))
    finally:
        os.close(fd)
    return written
