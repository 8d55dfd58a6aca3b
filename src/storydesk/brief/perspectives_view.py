"""Perspectives as a reader sees them: a few lines per part (all of them with ``--full``), each line a list of
segments (text, an outlet name, a citation) that Markdown, HTML and the web page render with their escaping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Brief
from ..safety import html_text, md_text
from ..stories.compare import counted_key
from .clean import apply_edits, dateline_edit
from .perspectives import SHOWN

Segment = tuple[str, str]  # ("text" | "outlet" | "cite" | "quote", value); a cite's value is an article id
Line = list[Segment]
FIGURE_VALUES = 4  # values shown per figure; the JSON has them all
VOICE_LABELS = {"media": "other media", "others": "other speakers"}
LEDE_WORDS = 40  # a long lede is cut at a word boundary with an ellipsis: the whole sentence is in the JSON


def _names(outlets: Iterable[str]) -> Line:
    names = list(outlets)
    out: Line = []
    for n, name in enumerate(names):
        if n:
            out.append(("text", " and " if n == len(names) - 1 else ", "))
        out.append(("outlet", name))
    return out


def _short(text: str, words: int = LEDE_WORDS) -> str:
    """A lede as the reader sees it: its wire dateline cut (the brief's own recorded edit, ``clean.dateline_edit``)
    and a long one cut at a word boundary."""
    cut = dateline_edit(text)
    text = apply_edits(text, [cut]) if cut else text
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def _spread(claims: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Round-robin over outlets, so that the first lines are not all one outlet's."""
    queues: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        queues.setdefault(str(c[key]), []).append(c)
    out: list[dict[str, Any]] = []
    while any(queues.values()):
        for q in queues.values():
            if q:
                out.append(q.pop(0))
    return out


def _hours(h: float) -> str:
    if h < 1:
        return f"{round(h * 60)} min"
    return f"{h:g} h"


def parts(brief: Brief) -> list[dict[str, Any]]:
    """Each part's title, the lines shown, and how many more ``--full`` shows."""
    p = brief.perspectives or {}
    if not p:
        return []
    full = bool(brief.coverage.get("full"))
    out: list[dict[str, Any]] = []

    def add(title: str, lines: list[Line]) -> None:
        if lines:
            keep = lines if full else lines[:SHOWN]
            out.append({"title": title, "lines": keep, "more": len(lines) - len(keep)})

    ledes: list[Line] = []
    for g in p.get("ledes", []):
        e = g["entries"][0]
        if g["same_fact"]:
            ledes.append([*_names(g["outlets"]), ("text", " lead with the same fact: "),
                          ("text", _short(e["lede"])), *[("cite", x["article_id"]) for x in g["entries"]]])
        else:
            ledes.append([("outlet", e["outlet"]), ("text", ": "), ("quote", e["headline"] or "(no headline)"),
                          ("text", " — " + _short(e["lede"])), ("cite", e["article_id"])])
    add("How each outlet led", ledes)
    only = [[("text", "Only "), *_names(c["outlets"]), ("text", " report" + ("s" if len(c["outlets"]) == 1 else "")
             + ": " + c["fact"]["text"]), ("cite", c["fact"]["article_id"])]
            for c in sorted(_spread(p.get("only", []), "outlets"), key=lambda c: len(c["outlets"]))]
    add("Reported by one or two outlets", only)
    n = len(p.get("outlets", []))
    left: list[Line] = []
    by_fact: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for c in p.get("left_out", []):
        by_fact.setdefault((c["fact"]["article_id"], c["fact"]["start"]), []).append(c)
    for cs in by_fact.values():
        c = cs[0]
        verb = " does not report" if len(cs) == 1 else " do not report"
        left.append([*_names(x["outlet"] for x in cs), ("text", f"{verb} what {len(c['carried_by'])} of {n} "
                     f"outlets do: {c['fact']['text']}"), ("cite", c["fact"]["article_id"])])
    add("Left out", left)
    figs: list[Line] = []
    for f in (f for f in p.get("figures", []) if f["status"] == "disagree"):
        unit = f.get("unit") if f.get("unit") and counted_key(f["unit"]) != f["counted"] else None
        line: Line = [("text", f"{f['counted']}" + (f" ({unit})" if unit else "")
                       + ": ")]
        for k, v in enumerate(f["values"][:FIGURE_VALUES]):
            line += [("text", "; " if k else ""), ("quote", v["text"]), ("text", " ("), ("outlet", v["outlet"]),
                     ("text", f", {(v['published'] or '?')[:10]})"), ("cite", v["article_id"])]
        figs.append(line)
    add("Figures where outlets disagree", figs)
    voices: list[Line] = []
    for v in sorted(p.get("voices", []), key=lambda v: (-v["quotes"], v["outlet"])):
        if not v["quotes"]:
            continue
        kinds = ", ".join(f"{c} from {VOICE_LABELS.get(k, k)}" for k, c in v["kinds"].items())
        most = "; most quoted: " + ", ".join(f"{s} ({c})" for s, c in v["top"]) if v["top"] else ""
        voices.append([("outlet", v["outlet"]), ("text", f": {v['quotes']} quotes: {kinds}{most}")])
    add("Whose voices", voices)
    first: list[Line] = []
    for f in p.get("first", []):
        line = [("text", _short(f["fact"]["text"], 25) + " First: "), ("outlet", f["first"]["outlet"]),
                ("text", f" ({(f['first']['published'] or '?')[:16].replace('T', ' ')})"),
                ("cite", f["first"]["article_id"])]
        if f["followed"]:
            line.append(("text", "; then "))
            for k, x in enumerate(f["followed"]):
                h = x["hours_after_first"]
                after = f" ({(x['published'] or '?')[:10]})" if h is None or h >= 48 else f" (+{_hours(h)})"
                line += [("text", ", " if k else ""), ("outlet", x["outlet"]), ("text", after)]
        first.append(line)
    add("Who reported first", first)
    return out


def intro(brief: Brief) -> str:
    p = brief.perspectives or {}
    return (f"How the {len(p.get('outlets', []))} outlets told it. Each “only” and “does not report” was "
            f"checked against all {len(p.get('articles', []))} articles of the story: no other sentence states "
            "the same fact in similar words, or with the same meaning, numbers and names.")


def to_markdown(brief: Brief, nums: dict[str, int]) -> list[str]:
    """The Perspectives section's Markdown lines (empty for a story of fewer than 3 outlets)."""
    ps = parts(brief)
    if not ps:
        return []
    lines = ["", "## Perspectives", "", f"*{md_text(intro(brief))}*"]
    for part in ps:
        lines += ["", f"**{md_text(part['title'])}**", ""]
        lines += [f"- {_md_line(line, nums)}" for line in part["lines"]]
        if part["more"]:
            lines.append(f"- *{part['more']} more with --full*")
    return lines


def cites_once(line: Line, nums: dict[str, int]) -> Line:
    """A run of citations as one mark each (a syndicated copy shares its original's number)."""
    out: Line = []
    seen: set[int] = set()
    for kind, value in line:
        if kind == "cite":
            n = nums.get(value, 0)
            if n in seen:
                continue
            seen.add(n)
        else:
            seen = set()
        out.append((kind, value))
    return out


def _md_line(line: Line, nums: dict[str, int]) -> str:
    out = []
    prev = ""
    for kind, value in cites_once(line, nums):
        if kind == "cite":
            out.append(f"{'' if prev == 'cite' else ' '}[{nums.get(value, '?')}]")
            prev = kind
            continue
        prev = kind
        if kind == "outlet":
            out.append(f"**{md_text(value)}**")
        elif kind == "quote":
            out.append(f"“{md_text(value)}”")
        else:
            out.append(md_text(value))
    return "".join(out)


def to_html(brief: Brief, nums: dict[str, int]) -> list[str]:
    """The Perspectives section as escaped HTML parts (empty for a story of fewer than 3 outlets)."""
    ps = parts(brief)
    if not ps:
        return []
    out = ["<section class=perspectives><h2>Perspectives</h2>", f"<p><em>{html_text(intro(brief))}</em></p>"]
    for part in ps:
        out.append(f"<h3>{html_text(part['title'])}</h3><ul>")
        out += [f"<li>{html_line(line, nums)}</li>" for line in part["lines"]]
        if part["more"]:
            out.append(f"<li><em>{part['more']} more with --full</em></li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def html_line(line: Line, nums: dict[str, int]) -> str:
    out = []
    for kind, value in cites_once(line, nums):
        if kind == "outlet":
            out.append(f"<b>{html_text(value)}</b>")
        elif kind == "quote":
            out.append(f"“{html_text(value)}”")
        elif kind == "cite":
            n = nums.get(value, 0)
            out.append(f' <a class=cite href="#src-{n}">[{n or "?"}]</a>')
        else:
            out.append(html_text(value))
    return "".join(out)
