"""Support of every brief sentence: numbers, quotes and names must be in a cited source sentence."""

from __future__ import annotations

import re
from typing import Any

from ..dates import find_dates, parse_reference
from ..model import Article, BriefSentence, Enrichment
from . import clean, perspectives

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def quotes_in(text: str) -> list[str]:
    return [q.strip() for q in _QUOTE.findall(text)]


def unsupported_parts(sentence: BriefSentence, sources: dict[str, str]) -> list[str]:
    """What the sentence says that no cited source text says: numbers and quotes, verbatim. Empty is good.

    ``sources`` maps article id -> the article text (or the supporting sentences).
    """
    cited = [sources[c] for c in sentence.citations if c in sources]
    if not cited:
        return ["no cited source"]
    problems = []
    text = str(sentence.extra.get("original", sentence.text))  # an edited sentence: its edits are checked apart
    cited_numbers = set().union(*(numbers_in(t) for t in cited))
    for n in sorted(numbers_in(text) - cited_numbers):
        problems.append(f"number {n}")
    flat = [" ".join(t.split()) for t in cited]
    for q in quotes_in(text):
        if not any(" ".join(q.split()) in t for t in flat):
            problems.append(f"quote {q[:40]!r}")
    if not sentence.support:
        problems.append("no support record")
    return problems


def is_supported(sentence: BriefSentence, sources: dict[str, str]) -> bool:
    return not unsupported_parts(sentence, sources)


_APPOSED = re.compile(r"(?P<name>[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}), "
                      r"(?P<r>(?:the |a |an )?[a-z][^,;:\"“”()]{2,120}?),?")


def check_introductions(sentences: list[BriefSentence]) -> list[str]:
    """Why a ``surname`` edit is not allowed by the brief around it: the full name it shortens must stand in
    an earlier sentence of the brief (the timeline apart), one shown by default unless the shortened sentence
    is itself shown only with ``--full``. Empty when every such edit checks out."""
    problems = []
    for k, s in enumerate(sentences):
        if s.section == "timeline":
            continue
        original = str(s.extra.get("original", s.text))
        for e in s.extra.get("edits") or []:
            if e.get("kind") != "surname":
                continue
            m = _APPOSED.fullmatch(original[int(e["start"]):int(e["end"])])
            name = m.group("name") if m else ""
            if not name or not any(name in t.text for t in sentences[:k] if t.section != "timeline"
                                   and (not t.extra.get("more") or s.extra.get("more"))):
                problems.append(f"surname edit of {name or '?'} with no earlier introduction")
    return problems


def check_edits(original: str, text: str, edits: list[dict[str, Any]], article_text: str,
                published: str | None, cited: dict[str, str] | None = None) -> list[str]:
    """Why a recorded edit of a source sentence is not allowed (empty when every edit checks out).

    The edits must turn ``original`` into ``text``; each must be of a known kind and justified: a cut
    dateline is a dateline, a dropped connective is one, an anchored day is the day the publication date
    gives, a named speaker replaces a pronoun by a name that the article gives at the evidence offsets (and
    whose surname the sentence before, or this one before the pronoun, names: ``clean.pronoun_refers_to``), an
    antecedent replaces an opening He/She/His/Her by the full name (or surname, with 's for His/Her) of
    the person the sentence right before names as its subject or speaker (``clean.subject_like``), given in
    full earlier in the article; a name replaces a surname met first (after an honorific or alone) by the
    full name the article gives at the evidence offsets, ending in that surname, with the role the article
    writes verbatim (the evidence may be in another cited article, ``cited``: id -> text, named by the edit's
    ``article_id``); a surname cuts a full name and the role in apposition after it ("Enio Cubillo, director
    of ...,") to one word of that name, which the article at the evidence offsets uses alone, outside any
    quotation (that the brief introduced the name before is checked by ``check_introductions``).
    No number or quote may change, except the day and month an anchored date adds.
    """
    problems = []
    rebuilt = original
    for e in sorted(edits, key=lambda e: -int(e["start"])):
        rebuilt = rebuilt[:e["start"]] + e["replacement"] + rebuilt[e["end"]:]
    if rebuilt != text:
        problems.append("edits do not rebuild the sentence")
    added: set[str] = set()
    pub = parse_reference(published)
    for e in edits:
        kind, s, t, rep = e["kind"], int(e["start"]), int(e["end"]), str(e["replacement"])
        cut = original[s:t]
        if kind == "dateline":
            ok = s == 0 and rep == "" and clean.dateline_edit(original) is not None
        elif kind == "connective":
            ok = clean.connective_edit(original, s) is not None and rep in {"", cut[-1:].upper()}
        elif kind == "date":
            days = [m for m in find_dates(original, pub) if m.end == s] if pub else []
            days = [m for m in days if pub and 0 <= (pub - m.date).days <= clean.ANCHOR_DAYS]
            ok = s == t and bool(days) and rep == f", {days[0].date.day} {days[0].date.strftime('%B')}"
            added |= numbers_in(rep)
        elif kind == "speaker":
            ev = e.get("evidence") or (0, 0)
            name = article_text[int(ev[0]):int(ev[1])]
            pronoun = cut.lower() in {"he", "she"}
            ok = bool(name) and (pronoun or name.split()[-1] == cut) and (
                rep.lower().startswith(name.lower()) or (pronoun and rep == name.split()[-1]))
            at = article_text.find(original)
            ok = ok and (not pronoun or at < 0 or clean.pronoun_refers_to(name, article_text, at, at + s))
            role = rep[len(name):].strip(" ,")  # verbatim in the article, or after the name in a cited one
            ok = ok and (not role or role in article_text
                         or any(f"{name}, {role}," in t for t in (cited or {}).values()))
        elif kind == "name":  # a surname met first ("Mr Cubillo") -> the full name the article gives
            ev = e.get("evidence") or (0, 0)
            where = article_text if not e.get("article_id") else (cited or {}).get(str(e["article_id"]), "")
            name = where[int(ev[0]):int(ev[1])]
            bare = re.fullmatch(r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Mx)\.?\s+)?([A-Z][\w'-]+)", cut)
            role = rep[len(name):]
            family_first = bare is not None and bare.group(1) == cut and name.split()[0] == cut  # "Kim Jong Un"
            ok = (bare is not None and len(name.split()) >= 2 and (name.split()[-1] == bare.group(1) or family_first)
                  and rep[:1].lower() + rep[1:len(name)] == name[:1].lower() + name[1:]
                  and (not role or (role.startswith(", ") and role.endswith(",") and role[2:-1] in where)))
        elif kind == "role":  # a full name met first without a role -> the role the article gives after it
            ev = e.get("evidence") or (0, 0)
            where = article_text if not e.get("article_id") else (cited or {}).get(str(e["article_id"]), "")
            span = where[int(ev[0]):int(ev[1])]
            name = span[:len(span) - len(rep)] if span.endswith(rep) else ""
            ok = (s == t and rep.startswith(", ") and rep.endswith(",") and len(rep) > 4 and bool(name)
                  and len(name.split()) >= 2 and original[:s].endswith(name) and not re.search(r"\d", rep))
        elif kind == "surname":  # "Enio Cubillo, director of ...," after the introduction -> "Cubillo"
            ev = e.get("evidence") or (0, 0)
            where = article_text if not e.get("article_id") else (cited or {}).get(str(e["article_id"]), "")
            m = _APPOSED.fullmatch(cut)
            inside = original[:s].count('"') % 2 == 1 or original[:s].count("“") > original[:s].count("”")
            ok = (m is not None and rep in m.group("name").split() and clean.is_role(m.group("r"))
                  and not inside and where[int(ev[0]):int(ev[1])] == rep
                  and clean.stands_alone(where, int(ev[0]), int(ev[1])))
        elif kind == "antecedent":  # an opening He/She -> the person the sentence before names
            ev = e.get("evidence") or (0, 0)
            name = article_text[int(ev[0]):int(ev[1])]
            at = article_text.find(original)
            surname = name.split()[-1] if name else ""
            forms = {name, surname} if cut in {"He", "She"} else {name + "'s", surname + "'s"}
            p0, p1 = clean.previous_sentence(article_text, at) if at >= 0 else (0, 0)
            ok = (cut in {"He", "She", "His", "Her"} and s == clean.opening(original) and len(name.split()) >= 2
                  and rep in forms and 0 <= int(ev[1]) <= at and any(
                      clean.subject_like(article_text, p0, m.start(), m.end())
                      for m in re.finditer(rf"\b{re.escape(surname)}\b", article_text[:p1]) if m.start() >= p0))
        else:
            ok = False
        if not ok:
            problems.append(f"{kind} edit at {s}:{t} not justified")
    if numbers_in(text) - numbers_in(original) - added:
        problems.append("an edit changed a number")
    flat = " ".join(original.split())
    if any(" ".join(q.split()) not in flat for q in quotes_in(text)):
        problems.append("an edit changed a quote")
    return problems


def check_perspectives(persp: dict[str, Any], articles: list[Article], enrichments: dict[str, Enrichment],
                       match: perspectives.FactMatch | None = None) -> list[str]:
    """Why a difference claim of a brief's Perspectives does not hold (empty when every claim holds).

    The pool of every sentence of ALL the story's articles is rebuilt and each claim rechecked with the
    brief's fact matching: "only X reports F" fails when an article of another outlet has a sentence
    matching F, or when a named outlet has none; "X leaves out F" fails when an article of X has one, or
    when an outlet said to carry F does not. The evidence must name every article it had to check, with
    the best-matching sentence and similarity that the rebuilt pool gives. ``match`` is the brief's fact
    matching when the caller has it; without it, it is recomputed from the articles.
    """
    claims = [*persp.get("only", []), *persp.get("left_out", [])]
    if not claims:
        return []
    pool = perspectives.build_pool(articles, enrichments, float(persp.get("threshold", 0.6)), match)
    problems = [f"article {aid} has no sentences to check the claims against" for aid in pool.unchecked]
    outlets = perspectives.origin_outlets(articles)
    for c in claims:
        fact = c["fact"]
        what = f"{c['kind']} {c.get('outlets') or c.get('outlet')}: {fact['text'][:50]!r}"
        rows = [j for j, r in enumerate(pool.rows) if r.article.id == fact["article_id"]
                and r.sentence.start == fact["start"] and r.text == fact["text"]]
        if not rows:
            problems.append(f"{what}: the fact is not a sentence of article {fact['article_id']}")
            continue
        i = rows[0]
        carriers = {pool.outlet[j] for j in range(len(pool.rows)) if pool.same[i, j]}
        if c["kind"] == "only":
            claimed = set(c["outlets"])
            if carriers != claimed:
                problems.append(f"{what}: carried by {sorted(carriers)}")
            must = sorted(a.id for a in articles if outlets[a.id] not in claimed)
        else:
            if c["outlet"] in carriers:
                problems.append(f"{what}: {c['outlet']} carries it")
            if not set(c.get("carried_by", [])) <= carriers:
                problems.append(f"{what}: not carried by {sorted(set(c['carried_by']) - carriers)}")
            must = sorted(a.id for a in articles if outlets[a.id] == c["outlet"])
        checked = {e["article_id"]: e for e in c.get("checked", [])}
        if sorted(checked) != must:
            problems.append(f"{what}: evidence checks {len(checked)} articles, not the {len(must)} it must")
        for ev in perspectives.evidence(pool, i, must):
            got = checked.get(ev["article_id"])
            if got is None:
                continue
            if got.get("matches") or got.get("sentence") != ev["sentence"] or abs(
                    float(got.get("similarity", 0)) - ev["similarity"]) > 1e-3:
                problems.append(f"{what}: evidence for article {ev['article_id']} is not what it checks to")
    return problems
