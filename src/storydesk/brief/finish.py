"""The last pass of the writer, over the picked sentences in reading order: recorded edits (datelines cut,
speakers named, days anchored, dangling connectives dropped), the summary on the latest development, the
word budget of the body (the rest is kept for ``--full``), single-source labels and the sources no sentence
cites ("also covering this story"). Nothing here invents text: every edit is checked by ``verify.check_edits``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from ..dates import find_dates, parse_reference
from ..model import Article, Brief, BriefSentence, Enrichment, Entity, Support
from ..stories.compare import compare_claims
from ..stories.developments import developments, redated
from . import clean

SUMMARY_MAX_WORDS = 120
SUMMARY_MAX_SENTENCES = 5
BODY_MAX_WORDS = 450
OTHER_EVENT_DAYS = 30  # a sentence dated this long before the story began is about another event
BODY_SECTIONS = ["fact", "figure", "quote", "reaction", "analysis", "outlook", "background"]
FIRST_FACTS = 3  # key facts shown before the other sections take turns

_PRONOUN_SPEAKER = re.compile(r"(?:[,\"”]\s*|^)(?P<p>[Hh]e|[Ss]he|[Tt]hey|It)\s+(?:said|says|added|told|noted|warned|"
                              r"wrote)\b|\b(?:said|says|added)\s+(?P<q>he|she)[,.]")
_SURNAME_SPEAKER = re.compile(r"(?:[,\"”]\s*|^)(?P<n1>[A-Z][a-z'-]+)\s+(?:said|says|added|told|noted|warned|wrote)"
                              r"\b|\b(?:said|says|added)\s+(?P<n2>[A-Z][a-z'-]+)[,.]")
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "A", "An", "This", "That", "Officials", "Police",
              "Experts", "Analysts", "Critics", "Witnesses", "Authorities", "Residents", "Sources"}
# picture credits that a caption line puts before a name ("Reuters Equifax claimed ..."): never a given name.
# Wider than clean._CREDIT_CAPTION's list, which must not reject "AP reported ..." or "Xinhua News Agency said".
_CREDITS = {"Reuters", "AFP", "AP", "EPA", "Getty", "Alamy", "Rex", "Shutterstock", "PA", "Xinhua", "Yonhap"}
_NOT_PERSON_LABELS = {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC", "WORK_OF_ART", "EVENT"}
_FULL_NAME = r"\b(?:[A-Z][a-z'-]+|[A-Z]\.)(?:\s+(?:[A-Z]\.|[A-Z][a-z'-]+))*\s+{}\b"


def other_event_date(text: str, published: str | None, start: dt.date | None) -> str | None:
    """The date a sentence is about when all its dates lie well before the story began (another event), as
    precise as the text gives it: ``1984``, ``2017-09`` or ``2017-09-05``."""
    pub = parse_reference(published)
    if pub is None or start is None:
        return None
    span = {"day": 1, "week": 7, "month": 31, "year": 366}
    dates = [m for m in find_dates(text, pub) if m.granularity in span]
    if not dates:
        return None
    if max(m.date + dt.timedelta(days=span[m.granularity]) for m in dates) < start - dt.timedelta(
            days=OTHER_EVENT_DAYS):
        last = max(dates, key=lambda m: m.date)
        return last.date.isoformat()[:{"year": 4, "month": 7}.get(last.granularity, 10)]
    return None


def _origin(aid: str, by_id: dict[str, Article]) -> str:
    a = by_id[aid]
    if a.duplicate_of and a.duplicate_of in by_id:
        a = by_id[a.duplicate_of]
    return a.outlet or a.domain or a.id


def origin_outlet(aid: str, by_id: dict[str, Article]) -> str:
    """The outlet an article counts for: a syndicated copy counts as its original's outlet."""
    return _origin(aid, by_id)


def outlets_of(s: BriefSentence, by_id: dict[str, Article]) -> set[str]:
    """The independent outlets that state a sentence: its citations, but not an article cited only for the
    role of a person it names (``extra["role_from"]``), which corroborates nothing else."""
    only_role = set(s.extra.get("role_from") or ())
    return {_origin(c, by_id) for c in s.citations if c in by_id and c not in only_role}


def _surname_edit(text: str, article: Article, introduced: set[str],
                  not_people: frozenset[str] = frozenset(),
                  people: frozenset[str] = frozenset()) -> tuple[list[clean.Edit], bool]:
    """Bare surnames as speakers -> the full name the article gives, the first time; False if unresolved.
    A name the article's entities give only as an organisation, place or group (``not_people``: "Lornlight
    said") is no surname: it needs no first name; one a PERSON of the article opens (``people``: "Kim Jong
    Un") is a family name written first: left as it is, never completed from another full name ("Jack Kim")."""
    edits = []
    for m in _SURNAME_SPEAKER.finditer(text):
        group = "n1" if m.group("n1") else "n2"
        name = m.group(group)
        if not name or name in _NOT_NAMES or name in introduced or name in not_people:
            continue
        if re.search(_FULL_NAME.format(re.escape(name)), text):
            introduced.add(name)  # given in full here
            continue
        if _opens_a_name(name, people):  # a family name written first: "Kim said" -> "Kim Jong Un said"
            first = next((p for p in sorted(people, key=article.text.find) if p.split()[0] == name
                          and len(p.split()) >= 2 and p in article.text
                          and not _credited(article.text, article.text.find(p))), None)
            if first is None:
                return [], False  # only a byline's "Editing by Kim Coghill": the speaker stays unnamed
            introduced.add(name)
            at, s = article.text.find(first), m.start(group)
            edits.append(clean.Edit("name", s, s + len(name), first, (at, at + len(first))))
            continue
        full = next((f for f in re.finditer(_FULL_NAME.format(re.escape(name)), article.text)
                     if f.group(0).split()[0] not in _CREDITS  # "Reuters Equifax": a credit, no name
                     and not _credited(article.text, f.start())), None)
        if not full or full.group(0).split()[0] in _NOT_NAMES:
            return [], False
        introduced.add(name)
        s = m.start(group)
        edits.append(clean.Edit("speaker", s, s + len(name), full.group(0), (full.start(), full.end())))
    return edits, True


_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Mx)\.?"
_HONORIFIC_NAME = re.compile(rf"\b{_HONORIFIC}\s+(?P<n>(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z'-]+(?:-[A-Z][a-z'-]+)?)\b")
_ROLE_AFTER = re.compile(r", (?P<r>(?:the |a |an )?[a-z][^,.;:\"“”()]{2,60}?),")


def _name_edits(original: str, sent_start: int, article: Article, ents: list[Entity], introduced: set[str],
                taken: list[tuple[int, int]], others: Sequence[tuple[Article, list[Entity]]] = ()) -> list[clean.Edit]:
    """A person met first by surname ("Mr Cubillo said ...", "Cubillo flew ...") -> the full name the
    article gives (and, before a verb, the role it gives them), the first time in reading order; later
    mentions keep the surname. Candidates are a surname after an honorific, and a one-word PERSON entity of
    the article inside the sentence. No name is guessed: without a full name in the article, or in another
    article the sentence cites (``others``: they state the same fact; the edit then names that article),
    nothing."""
    mentions = [(m.start(), m.end(), m.group("n")) for m in _HONORIFIC_NAME.finditer(original)]
    for e in ents:
        if e.label == "PERSON" and " " not in e.text.strip() and sent_start <= e.start and e.end <= sent_start + len(
                original) and original[e.start - sent_start:e.end - sent_start] == e.text:
            s0 = e.start - sent_start
            if not any(a <= s0 < b for a, b, _ in mentions):
                mentions.append((s0, e.end - sent_start, e.text))
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"”]*[\"”]", original)]
    out = []
    for s0, e0, name in sorted(mentions):
        if any(a <= s0 < b for a, b in quoted):
            continue  # a speaker's own words are never changed
        if name in introduced or name in _NOT_NAMES or name in _CREDITS or any(a < e0 and s0 < b for a, b in taken):
            continue
        prior = original[:s0]
        if re.match(r"\s+[A-Z][a-z]", original[e0:]):
            introduced.add(name)  # "Dr. Priyamvada Natarajan": a title before a full name
            continue
        if re.search(_FULL_NAME.format(re.escape(name)), prior) or (
                not re.match(_HONORIFIC, original[s0:e0]) and re.search(r"\b[A-Z][\w.'-]*\s+$", prior)):
            introduced.add(name)  # given in full here already, or with a title ("President Kale")
            continue
        at = sent_start + s0 + (len(original[s0:e0]) - len(name))
        actor = next((e.actor for e in ents if e.label == "PERSON" and e.start <= at < e.end), None)
        full, where, where_ents = _full_name(name, actor, article, ents), article, ents
        for other, other_ents in others:
            if full is not None:
                break
            full, where, where_ents = _full_name(name, None, other, other_ents), other, other_ents
        if full is None:
            continue
        new = where.text[full[0]:full[1]]
        person = next((e for e in where_ents if e.label == "PERSON" and e.start <= full[0] < e.end), None)
        role = _ROLE_AFTER.match(where.text, full[1])
        role = role if role and clean.is_role(role.group("r")) else None
        if role and re.match(r" [a-z]", original[e0:e0 + 2]):  # "Enio Cubillo, the airline's director, said"
            new += f", {role.group('r')},"
        elif person and person.role and person.role in where.text and clean.is_role(person.role) \
                and re.match(r" [a-z]", original[e0:e0 + 2]):
            new += f", {person.role},"
        if s0 == 0 or original[s0 - 1] in "\"“":
            new = new[0].upper() + new[1:]
        introduced.add(name)
        taken.append((s0, e0))
        out.append(clean.Edit("name", s0, e0, new, full, None if where is article else where.id))
    return out


_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|added|wrote|tweeted|noted|warned|insisted|explained|stated)\b")


def _role_edits(original: str, sent_start: int, article: Article, ents: list[Entity], introduced: set[str],
                taken: list[tuple[int, int]], others: Sequence[tuple[Article, list[Entity]]] = (),
                story: Sequence[tuple[Article, list[Entity]]] = ()) -> list[clean.Edit]:
    """A person met first in full but without a role ("..., Ren Guoqiang said.") -> the role the article gives
    right after the same full name ("Ren Guoqiang, a spokesman for the defence ministry, said"), the first time
    in reading order. Only where the name speaks and stands alone (nothing before it but the start, a comma or
    a quotation mark: "defence ministry spokesman Ren Guoqiang said" has its role already); the role is found
    verbatim after the name in the article, or in another article the sentence cites, and holds no number.
    Failing those, in another article of the story (``story``) that names the same person (a PERSON entity of
    that article at the name): that article then joins the sentence's citations for the role alone (the
    verifier checks the evidence there; ``finish`` records it in ``extra["role_from"]``)."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"”]*[\"”]", original)]
    out = []
    for e in sorted(ents, key=lambda e: e.start):
        s0, e0 = e.start - sent_start, e.end - sent_start
        words = e.text.split()
        if (e.label != "PERSON" or len(words) < 2 or s0 < 0 or e0 > len(original) or original[s0:e0] != e.text
                or all(w in introduced for w in words) or any(a <= s0 < b for a, b in quoted)
                or any(a < e0 and s0 < b for a, b in taken) or not _SPEAKS_AFTER.match(original, e0)
                or not re.search(r"(?:^|[,\"”])\s*$", original[:s0])):
            continue
        found = _role_after(e.text, [article, *(o for o, _ in others)], story)
        if found:
            where, (r0, r1), role = found
            out.append(clean.Edit("role", e0, e0, f", {role},", (r0, r1), None if where is article else where.id))
    return out


def _role_after(name: str, cited: Sequence[Article], story: Sequence[tuple[Article, list[Entity]]] = ()
                ) -> tuple[Article, tuple[int, int], str] | None:
    """The role an article writes right after a full name (``Name, a spokesman for ...,``; no digit, not after a
    byline): in the cited articles first, then in the other articles of the story where an entity of that
    article names the same person there. The article, the span of name and role, and the role."""
    people = {(o.id, p.start) for o, o_ents in story for p in o_ents if p.label == "PERSON" and p.text == name}
    uncited = {o.id for o, _ in story}
    for where in [*cited, *(o for o, _ in story)]:
        for k in re.finditer(re.escape(name), where.text):
            if _credited(where.text, k.start()) or (where.id in uncited and (where.id, k.start()) not in people):
                continue
            m = _ROLE_AFTER.match(where.text, k.end())
            if m and not re.search(r"\d", m.group("r")) and clean.is_role(m.group("r")):
                return where, (k.start(), m.end()), m.group("r")
    return None


def _cite_roles(s: BriefSentence, by_id: dict[str, Article]) -> None:
    """An article that gave only a role (a ``role`` edit's evidence in an article the sentence did not cite)
    joins the citations, with the sentence that holds the role as its support (score 0: it states no part of
    the fact) and its id in ``extra["role_from"]``."""
    spans = [(e.get("article_id"), e["evidence"]) for e in s.extra.get("edits") or [] if e["kind"] == "role"]
    spans += [(aid, (a, b)) for aid, a, b in s.extra.pop("role_evidence", [])]
    for aid, (a, b) in spans:
        if not aid or aid in s.citations or aid not in by_id:
            continue
        text = by_id[aid].text
        ends = [m.end() for m in clean.SENTENCE_END.finditer(text, 0, a)]
        p0 = ends[-1] if ends else 0
        end = clean.SENTENCE_END.search(text, b)
        p1 = end.start() + 1 if end else len(text)
        s.citations.append(aid)
        s.support.append(Support(aid, text[p0:p1].strip(), p0, p1, 0.0))
        s.extra.setdefault("role_from", []).append(aid)


_BYLINE = re.compile(r"(?i)(?:\b(?:reporting|editing|writing|compiled|produced|additional reporting)\b[^.;\n]{0,40}"
                     r"|(?:^|\n)\s*)\bby\s+$")


def _credited(text: str, at: int) -> bool:
    """Whether a name at ``at`` is a byline or an editing credit ("Editing by Kim Coghill"), not a person of
    the story."""
    return at >= 0 and _BYLINE.search(text[max(0, at - 70):at]) is not None


def _opens_a_name(word: str, people: Iterable[str]) -> bool:
    """Whether a PERSON of the article is written with ``word`` first ("Kim Jong Un"): then ``word`` is a
    family name written first, not a surname to complete from someone else's full name ("Jack Kim")."""
    return any(len(p.split()) >= 2 and p.split()[0] == word for p in people)


_NAME_WORD = re.compile(r"[A-Z][a-z][\w'’-]*|[A-Z]\.")


def _full_name(surname: str, actor: str | None, article: Article, ents: list[Entity]) -> tuple[int, int] | None:
    """Offsets of the first full name (2+ capitalised words, no title or credit first) the article gives the
    person a surname stands for: the mention's actor (the enrichment's canonical name) when it has one, else
    a PERSON entity ending in the surname. None when that is unsure: an actor ending in another word ("Kim"
    of "Kim Jong Un"), or a surname that also opens a full name in the article."""
    def shaped(words: list[str], family_first: bool = False) -> bool:
        return (len(words) >= 2 and (words[-1] == surname or family_first and words[0] == surname)
                and all(_NAME_WORD.fullmatch(w) for w in words)
                and words[0] not in _CREDITS | _NOT_NAMES and not re.fullmatch(_HONORIFIC, words[0]))

    if actor and len(actor.split()) >= 2:  # "Kim" of "Kim Jong Un": the family name written first
        if not shaped(actor.split(), family_first=True):
            return None
        at = next((m.start() for m in re.finditer(re.escape(actor), article.text)
                   if not _credited(article.text, m.start())), -1)
        return (at, at + len(actor)) if at >= 0 else None
    people = [e for e in ents if e.label == "PERSON" and article.text[e.start:e.end] == e.text]
    if _opens_a_name(surname, [e.text for e in people]):
        return None
    for e in sorted(people, key=lambda e: e.start):
        if shaped(e.text.split()) and not _credited(article.text, e.start):
            return e.start, e.end
    return None


def _edit(s: BriefSentence, article: Article, enr: Enrichment | None, named: set[str],
          introduced: set[str], anchor: bool = True,
          others: Sequence[tuple[Article, list[Entity]]] = (),
          story: Sequence[tuple[Article, list[Entity]]] = ()) -> bool:
    """Record and apply a sentence's edits; False when its speaker, or the He/She/They it opens with, stays
    unnamed (the sentence is dropped). ``anchor`` False: no day is anchored (a late copy, re-dated)."""
    sup = next((x for x in s.support if x.article_id == article.id and x.sentence == s.text), None)
    start = sup.start if sup and sup.start is not None else article.text.find(s.text)
    original = s.text
    quotes = [q for q in (enr.quotes if enr else []) if q.speaker_start is not None
              and start <= q.speaker_start < start + len(original) + 2]
    edits = clean.edits_for(original, start, article.published_at if anchor else None, quotes, named,
                            article.text, enr.entities if enr else None, enr.sentences if enr else None)
    cited = [article, *(o for o, _ in others)]
    for e in edits:  # "..., he said" -> "..., Ren Guoqiang, a spokesman for ..., said": the role, the first time
        if (e.kind == "speaker" and " " in e.replacement and "," not in e.replacement
                and original[e.end:e.end + 1] == " " and not all(w in introduced for w in e.replacement.split())):
            found = _role_after(e.replacement, cited, story)
            if found:
                e.replacement += f", {found[2]},"
                if found[0] not in cited:
                    s.extra.setdefault("role_evidence", []).append([found[0].id, *found[1]])
    text = clean.apply_edits(original, edits)
    ents = enr.entities if enr else []
    people = {w for e in ents if e.label == "PERSON" for w in e.text.split()}
    not_people = frozenset(e.text for e in ents if e.label in _NOT_PERSON_LABELS and " " not in e.text) - people
    surname, ok = _surname_edit(text, article, introduced, not_people,
                                frozenset(e.text for e in ents if e.label == "PERSON"))
    if not ok:
        return False
    if surname:  # offsets of these are in the edited text: rebase them onto the original
        base = [e for e in edits if e.kind in {"dateline", "connective"}]
        shift = sum(len(e.replacement) - (e.end - e.start) for e in base)
        for e in surname:
            e.start -= shift
            e.end -= shift
        if all(original[e.start:e.end] for e in surname):
            edits += surname
            text = clean.apply_edits(original, edits)
    if _PRONOUN_SPEAKER.search(clean.outside_quotes(text)) or clean.opening_pronoun(text):
        return False
    names = _name_edits(original, start, article, ents, introduced, [(e.start, max(e.end, e.start + 1))
                                                                        for e in edits], others)
    names += _role_edits(original, start, article, ents, introduced, [(e.start, max(e.end, e.start + 1))
                                                                       for e in edits + names], others, story)
    if names:
        edits += names
        text = clean.apply_edits(original, edits)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    pairs = [(a, b) for a, b in zip(words, words[1:], strict=False) if a[0].isupper() and b[0].isupper()]
    introduced.update(w for pair in pairs for w in pair)  # "Kim Jong Un" introduces Kim as well as Un
    if edits:
        s.extra["original"] = original
        s.extra["edits"] = [e.as_dict() for e in sorted(edits, key=lambda e: e.start)]
        s.text = text
    return True


def finish(brief: Brief, articles: list[Article], enrichments: dict[str, Enrichment],
           body_max_words: int = BODY_MAX_WORDS) -> None:
    """Edits, summary, budget, labels and also-covering, in place, on a brief in section order."""
    by_id = {a.id: a for a in articles}
    superseded = _superseded(articles, enrichments)
    # an earlier value of a changing figure is a fact no more: the figure's line gives it with its date
    brief.sentences = [s for s in brief.sentences if not (s.section == "fact" and s.support and (
        s.support[0].article_id, s.support[0].start) in superseded)]
    _summary(brief, articles, by_id, superseded)  # first: names are introduced in reading order, summary first
    named: set[str] = set()
    introduced: set[str] = set()
    late = redated(articles)
    kept = []
    for s in brief.sentences:
        src = by_id.get(s.support[0].article_id) if s.support else None
        others = [(by_id[c], enrichments[c].entities) for c in s.citations
                  if src is not None and c != src.id and c in by_id and c in enrichments]
        story = [(a, enrichments[a.id].entities) for a in sorted(articles, key=lambda a: (a.published_at or "", a.id))
                 if a.id not in s.citations and a.id in enrichments and a.id not in late]
        if src is None or _edit(s, src, enrichments.get(src.id), named, introduced, src.id not in late, others,
                                story):
            _cite_roles(s, by_id)
            kept.append(s)
    claims = {str(s.extra.get("original", s.text)) for s in kept}
    brief.sentences = [s for s in kept if not s.extra.get("contradicts") or s.extra["contradicts"] in claims]
    n_outlets = len({_origin(a.id, by_id) for a in articles})
    for s in brief.sentences:
        if s.section == "fact":
            k = len(outlets_of(s, by_id))
            s.extra["outlets"] = k
            s.extra["single_source"] = k == 1 and n_outlets > 1
    _budget(brief, body_max_words)
    _surname_after_introduction(brief, by_id, enrichments)
    shown = {c for s in brief.sentences if not s.extra.get("more") for c in s.citations}
    brief.coverage["also_covering"] = [r.id for r in brief.sources if not ({r.id, *r.duplicates} & shown)]
    bursts = developments(articles)
    brief.coverage["developments"] = [
        {"from": (b[0].published_at or "")[:10], "to": (b[-1].published_at or "")[:10], "articles": len(b)}
        for b in bursts]


# A role in apposition after a full name ("Enio Cubillo, director of Costa Rica Civil Aviation, said"), up to its
# closing comma or the sentence's last stop; and a role word right before one ("airline spokesman Joshua Freed")
_APPOSITION = re.compile(r", (?P<r>(?:the |a |an )?[a-z][^,;:\"“”()]{2,120}?)(?:,|(?=[.!]$))")
_ROLE_WORD_BEFORE = re.compile(r"(?:\b[a-z][a-z-]{2,}|\b(?:President|Rabbi|Senator|Sen\.|Governor|Gov\.|Minister|"
                               r"Mayor|Judge|General|Gen\.|Ambassador|Director|Secretary|Chancellor|Pope|King|Queen|"
                               r"Prince|Professor|Prof\.|Dr\.?|Captain|Chief)) $")
_NOT_A_ROLE = {"said", "says", "told", "tells", "by", "and", "or", "with", "to", "of", "for", "from", "that", "as",
               "at", "according", "on", "in", "when", "while", "but", "than", "like", "asked", "added", "wrote",
               "thanked", "named", "called", "met", "identified", "is", "was", "were", "are", "whom", "who", "then",
               "where", "after", "before", "said:", "says:", "warned", "noted", "explained", "insisted"}


_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:for|to|with|from|by|at|of|on|in|about|like|after|before|"
                                 r"among|between|against|without|toward|towards|under|over|and|or)\s+$")


def _with_role(text: str, at: int, end: int) -> bool:
    """Whether the full name at ``at:end`` of ``text`` comes with its role: in apposition after it, or a role
    word (not a verb or function word) right before it."""
    if (role := _APPOSITION.match(text, end)) and clean.is_role(role.group("r")):
        return True
    m = _ROLE_WORD_BEFORE.search(text[max(0, at - 30):at])
    return m is not None and m.group(0).strip() not in _NOT_A_ROLE


def _surname_after_introduction(brief: Brief, by_id: dict[str, Article], enrichments: dict[str, Enrichment]) -> None:
    """A person introduced with full name and role is named by surname after that (edit kind ``surname``):
    a later sentence's ``Enio Cubillo, director of Costa Rica Civil Aviation,`` -> ``Cubillo``. Read in order
    over the body (not the timeline, a dated list of its own); an introduction in a sentence shown by default
    counts for every later sentence, one shown only with ``--full`` (``more``) only for later hidden ones.
    The short form is a word of the name that a cited article uses alone for the person ("Cubillo said"; for
    "Ren Guoqiang", "Ren said": never a guess at which word is the surname); never inside a quotation, never
    when the role holds a number, never when two people the reader has met so far (or meets in this
    sentence) share the word."""
    people = {e.text for a in by_id for e in (enrichments[a].entities if a in enrichments else [])
              if e.label == "PERSON" and len(e.text.split()) >= 2
              and all(_NAME_WORD.fullmatch(w) for w in e.text.split())}
    in_brief = {p for p in people if any(p in s.text for s in brief.sentences)}
    met: dict[str, bool] = {}  # full name -> introduced with a role in a sentence shown by default
    seen: set[str] = set()  # full names the reader has met so far, in any way
    for s in brief.sentences:
        if s.section == "timeline" or not s.support:
            continue
        here = seen | {p for p in in_brief if p in str(s.extra.get("original", s.text)) or p in s.text}
        # a word two people met so far share ("Bruce and Irene Steinberg") names neither alone
        shared = {w for p in here for w in p.split() if sum(w in q.split() for q in here) > 1}
        hidden = bool(s.extra.get("more"))
        original = str(s.extra.get("original", s.text))
        edits = [clean.Edit(**{**d, "evidence": tuple(d["evidence"]) if d.get("evidence") else None})
                 for d in s.extra.get("edits") or []]
        quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"”]*[\"”]", original)]
        src = by_id.get(s.support[0].article_id)
        sources = [a for a in [src, *(by_id.get(c) for c in s.citations)] if a is not None]
        added: list[clean.Edit] = []
        for name in sorted(in_brief, key=len, reverse=True):
            if name not in met or not (met[name] or hidden):
                continue
            for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\b", original):
                role = _APPOSITION.match(original, m.end())
                if (role is None or not clean.is_role(role.group("r")) or re.search(r"\d", role.group(0))
                        or any(a <= m.start() < b for a, b in quoted)):
                    continue
                end = role.end()
                if original[end - 1] == "," and _PREPOSITION_BEFORE.search(original[:m.start()]):
                    end -= 1  # "For Brian Buonassissi, a DJ ..., it felt" -> "For Buonassissi, it felt"
                if any(e.start < end and m.start() < e.end or m.start() <= e.start <= end for e in edits + added):
                    continue
                short = _said_alone(name, sources, shared)
                if short is None:
                    continue
                where, (w0, w1) = short
                added.append(clean.Edit("surname", m.start(), end, where.text[w0:w1], (w0, w1),
                                        None if src is not None and where.id == src.id else where.id))
        if added:
            edits += added
            s.extra["original"] = original
            s.extra["edits"] = [e.as_dict() for e in sorted(edits, key=lambda e: e.start)]
            s.text = clean.apply_edits(original, edits)
        seen |= {p for p in in_brief if p in s.text}
        for name in in_brief:
            for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\b", s.text):
                if _with_role(s.text, m.start(), m.end()):
                    met[name] = met.get(name, False) or not hidden


def _said_alone(name: str, sources: list[Article], shared: set[str]) -> tuple[Article, tuple[int, int]] | None:
    """A word of ``name`` that one of ``sources`` uses alone for the person (not inside a longer name, not
    after a first name: "Cubillo said", "Mr Cubillo"), last word first; with its article and offsets."""
    for word in reversed(name.split()):
        if word in shared or not re.fullmatch(r"[A-Z][a-z'’-]{2,}", word):
            continue
        for a in sources:
            for m in re.finditer(rf"\b{re.escape(word)}\b", a.text):
                if clean.stands_alone(a.text, m.start(), m.end()):
                    return a, (m.start(), m.end())
    return None


# Prose needs the antecedent a lifted sentence lacks: no summary sentence opens with a pronoun.
OPENS_WITH_PRONOUN = re.compile(r"^(?:He|She|They|It|We|This|These|Those|Them|His|Her|Their|Its)\b")


def _superseded(articles: list[Article], enrichments: dict[str, Enrichment]) -> set[tuple[str, int]]:
    """(article id, sentence start) of the sentences that give an earlier value of a figure that changed as the
    story developed (a death toll of 5, then 7: ``stories.compare`` judges it ``changed``): in prose beside the
    latest value they would read as a contradiction."""
    out: set[tuple[str, int]] = set()
    for g in compare_claims(articles, enrichments):
        if g.status != "changed" or not g.values:
            continue
        latest = max(g.values, key=lambda v: (v.published or "", v.article_id)).value
        out |= {(v.article_id, v.sentence_start) for v in g.values
                if v.value != latest and v.sentence_start is not None}
    return out


def _figure_in(s: BriefSentence, lede: str) -> bool:
    """Whether a figure line's latest value is written in the lede already ("At least seven people were killed
    ..."): its sentence beside the lede would say the same twice."""
    rows = (s.extra.get("figure") or {}).get("values") or [] if s.section == "figure" else []
    if not rows:
        return False
    latest = rows[-1].get("value")
    return any(r.get("value") == latest and str(r.get("text") or "\0") in lede for r in rows)


def _summary(brief: Brief, articles: list[Article], by_id: dict[str, Article],
             superseded: set[tuple[str, int]] = frozenset()) -> None:  # type: ignore[assignment]
    """Lede plus up to four body sentences from the latest development: a figure, a reaction or quote, what
    comes next, then facts; at most SUMMARY_MAX_WORDS words. No sentence with a ``superseded`` value of a
    changing figure (the toll of the morning beside the evening's)."""
    bursts = developments(articles)
    latest = {a.id for a in bursts[-1]} if bursts else set(by_id)
    lede = next((s for s in brief.sentences if s.section == "lede"), None)
    if lede is None:
        return
    words = len(lede.text.split())
    chosen: list[BriefSentence] = []
    for section in ("figure", "reaction", "quote", "outlook", "fact", "fact", "analysis"):
        if len(chosen) + 1 >= SUMMARY_MAX_SENTENCES:
            break
        for s in brief.sentences:
            if s.section != section or s in chosen or not s.support or s.support[0].article_id not in latest:
                continue
            if OPENS_WITH_PRONOUN.match(s.text) or s.extra.get("contested") or s.extra.get("contradicts"):
                continue  # "They identified them as ...": prose needs the antecedent the summary lacks
            if (s.support[0].article_id, s.support[0].start) in superseded or _figure_in(s, lede.text):
                continue
            n = len(s.text.split())
            if words + n <= SUMMARY_MAX_WORDS:
                chosen.append(s)
                words += n
                break
    if len(chosen) < 2:  # a thin latest development: the story's best-covered facts complete the summary
        for s in brief.sentences:
            n = len(s.text.split())
            if len(chosen) >= 2 or s.section not in {"fact", "figure", "reaction"} or s in chosen:
                continue
            if _relative_day(s, by_id) and s.support and s.support[0].article_id not in latest:
                continue  # "early Tuesday" of an earlier development would read as this week's news
            if OPENS_WITH_PRONOUN.match(s.text) or s.extra.get("contested") or s.extra.get("contradicts"):
                continue
            if s.support and (s.support[0].article_id, s.support[0].start) in superseded:
                continue
            if words + n <= SUMMARY_MAX_WORDS:
                chosen.append(s)
                words += n
    for s in chosen:
        s.extra["from_section"] = s.section
        s.section = "summary"
    rest = [s for s in brief.sentences if s is not lede and s not in chosen]
    brief.sentences = [lede, *chosen, *rest]


def _relative_day(s: BriefSentence, by_id: dict[str, Article]) -> bool:
    """Whether the sentence dates something only relative to its article's day ("on Tuesday", "yesterday")."""
    src = by_id.get(s.support[0].article_id) if s.support else None
    pub = parse_reference(src.published_at) if src else None
    return pub is not None and any(m.how in {"weekday", "relative", "ago"} for m in find_dates(s.text, pub))


def _budget(brief: Brief, body_max_words: int) -> None:
    """Fill the body round-robin over sections up to the word budget; the rest waits for ``--full``."""
    used = sum(len(s.text.split()) for s in brief.sentences if s.section in {"lede", "summary", "earlier"})
    queues = {sec: [s for s in brief.sentences if s.section == sec] for sec in BODY_SECTIONS}
    first = queues["fact"][:FIRST_FACTS]  # then every fact three or more outlets state, while it fits
    first += [s for s in queues["fact"][FIRST_FACTS:] if int(s.extra.get("outlets") or 0) >= 3]
    for s in first:
        n = len(s.text.split())
        if s in queues["fact"][:FIRST_FACTS] or used + n <= body_max_words:
            used += n
        else:
            s.extra["more"] = True
    queues["fact"] = [s for s in queues["fact"] if s not in first]
    while any(queues.values()):
        for sec in BODY_SECTIONS:
            if not queues[sec]:
                continue
            s = queues[sec].pop(0)
            n = len(s.text.split())
            if used + n <= body_max_words:
                used += n
            else:
                s.extra["more"] = True
    shown = {str(s.extra.get("original", s.text)): bool(s.extra.get("more")) for s in brief.sentences}
    for s in brief.sentences:  # a contradiction is shown exactly when the claim it answers is
        if s.extra.get("contradicts") in shown:
            s.extra["more"] = shown[s.extra["contradicts"]]
