"""The extractive brief writer: selects, orders and cites source sentences; works offline on CPU."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any

import numpy as np

from ..dates import find_dates, parse_reference
from ..model import Article, Brief, BriefSentence, Enrichment, SourceRef, Story, Support, to_dict
from ..stories.compare import FigureGroup, compare_claims
from ..stories.developments import developments
from . import clean, contradict, finish, perspectives, sections, select
from .select import Candidate, candidates, cosines, mmr, tfidf_matrix
from .verify import check_edits, check_introductions, check_perspectives, unsupported_parts

LEDE_MAX_WORDS = 60
MIN_FACTS = 3  # key facts a brief tries to give; single-source ones only to reach this many
MAX_EARLIER = 3  # earlier developments named, each by one sentence with its date

log = logging.getLogger(__name__)


SECTION_ORDER = ["lede", "summary", "earlier", "fact", "figure", "quote", "reaction", "analysis", "outlook",
                 "background", "timeline"]


def compose_brief(story: Story, articles: list[Article], enrichments: dict[str, Enrichment], *,
                  max_facts: int = 8, support_threshold: float = 0.6,
                  timeline: list[tuple[str, int, str]] | None = None,
                  body_max_words: int = finish.BODY_MAX_WORDS) -> Brief:
    """A cited extractive brief of one story. Every sentence is a source sentence with its support, changed
    only by recorded, checked edits (``extra["original"]`` and ``extra["edits"]``).

    ``timeline`` is an optional list of (article id, sentence offset, ISO date) picked by the timeline stage.
    """
    by_id = {a.id: a for a in articles}
    cands = candidates(articles, enrichments)
    brief = Brief(story_id=story.id, headline=story.title, sources=sources_of(articles),
                  coverage=coverage_of(articles))
    if not cands:
        return brief
    matrix = tfidf_matrix([c.text for c in cands])
    sim = cosines(matrix, matrix)
    origin = [_origin_outlet(c.article, by_id) for c in cands]
    support_idx: list[list[int]] = []
    n_indep = np.zeros(len(cands))
    same = select.same_fact(cands, sim, support_threshold)
    for i in range(len(cands)):
        near = [int(j) for j in np.nonzero(same[i])[0] if cands[j].article.id != cands[i].article.id]
        near.append(i)
        support_idx.append(near)
        n_indep[i] = len({origin[j] for j in near})
    centrality = sim.mean(axis=1)  # the cosine with the centroid, up to a constant factor
    centrality = centrality / (centrality.max() or 1.0)
    position = np.array([1.0 / (1 + 0.15 * c.index) for c in cands])
    breadth = np.log1p(n_indep) / np.log1p(max(2, len(set(origin))))
    score = 0.45 * centrality + 0.35 * breadth + 0.2 * position
    # what counts as saying the same thing again: alike in words, or one fact by same_fact (the same meaning,
    # numbers and names in other words), so that a paraphrase of a chosen sentence is not chosen too
    red = np.where(same, 1.0, sim)
    ctx = sections.Context(cands, red, score, n_indep, enrichments, by_id)
    start = parse_reference(coverage_of(articles).get("first_seen"))  # type: ignore[arg-type]
    for i, c in enumerate(cands):  # about another event: Background only, with its own date
        when = finish.other_event_date(c.text, c.article.published_at, start)
        if when is not None:
            ctx.elsewhere[i] = when

    ctx.banned = _unnamed_openings(cands, enrichments) | _another_story(cands, enrichments, sim)
    bursts = developments(articles)
    latest = {a.id for a in bursts[-1]} if bursts else set(by_id)
    fresh = [i for i, c in enumerate(cands) if c.article.id in latest and i not in ctx.elsewhere
             and i not in ctx.banned]
    if len(bursts) > 1:  # a look ahead from an earlier development is stale news outside a dated line
        ctx.stale = {i for i, c in enumerate(cands) if c.article.id not in latest
                     and sections.LOOKS_AHEAD.search(clean.outside_quotes(c.text))}
    lede_pool = [i for i in fresh if cands[i].index < 3 and len(cands[i].text.split()) <= LEDE_MAX_WORDS]
    anywhere = [i for i in range(len(cands)) if i not in ctx.banned] or list(range(len(cands)))
    lede = max(lede_pool or fresh or anywhere, key=lambda i: score[i] + 0.2 * position[i])
    ctx.take(lede)
    picks: list[sections.Pick] = [(lede, "lede", {})]
    picks += _earlier(ctx, bursts[:-1], score, position)
    groups = compare_claims(articles, enrichments)
    picks += sections.figures(ctx, groups)
    picks += sections.quotes(ctx)
    picks += sections.reactions(ctx)
    # facts that several independent outlets state come first: one sentence for each fact worded alike by
    # 3+ outlets (unless the brief already says it), then the rest by score with a boost for breadth
    wide = _widely_reported(cands, sim, origin, support_threshold, ctx)
    fact_score = score + 0.15 * np.minimum(n_indep - 1, 2)
    # what the brief already says (or cannot say) is out before MMR, so that MMR picks the next fact instead of
    # one that is then dropped as too close to the lede or a quote
    taken = {i for i in range(len(cands)) if not ctx.free(i) or any(red[i, j] >= 0.45 for j in wide)}
    banned = set(ctx.used) | set(ctx.elsewhere) | set(wide) | ctx.banned | taken
    single = {i for i in range(len(cands)) if n_indep[i] < 2}
    rest = mmr(fact_score, red, max_facts, exclude=banned | single, max_sim=0.45)  # corroborated first
    if len(wide) + len(rest) < MIN_FACTS:  # then single-source facts, marked, when too few are corroborated
        more = mmr(fact_score, red, MIN_FACTS - len(wide) - len(rest), exclude=banned | set(rest), max_sim=0.45)
        rest += [i for i in more if all(red[i, j] < 0.45 for j in rest)]
    facts = wide + [i for i in rest if ctx.free(i) and all(red[i, j] < 0.45 for j in wide)]
    facts = facts[:max(max_facts, len(wide))]
    facts.sort(key=lambda i: (i not in wide, -min(float(n_indep[i]), 2.0), cands[i].article.published_at or "",
                              cands[i].index))
    for i in facts:
        ctx.take(i)
        picks.append((i, "fact", {}))
    picks += sections.analysis_and_outlook(ctx)
    picks += sections.background(ctx)
    dates: set[str] = set()
    for aid, offset, date in timeline or []:
        at = ctx.index_at(aid, offset)
        if at is None or date[:10] in dates or not ctx.free(at, 0.45, context=True):
            continue
        ctx.take(at)
        dates.add(date[:10])
        day = parse_reference(date)
        picks.append((at, "timeline", {"date": date, "background": bool(start and day and day < start)}))

    picks = _with_contradictions(picks, ctx, groups)
    rank = {name: n for n, name in enumerate(SECTION_ORDER)}
    picks.sort(key=lambda p: rank.get(p[1], 99))  # stable: keeps each section's own order
    for i, section, extra in picks:
        s = _sentence(i, section, cands, support_idx, sim)
        s.extra.update(extra)
        brief.sentences.append(s)
    finish.finish(brief, articles, enrichments, body_max_words)
    texts = {a.id: a.text for a in articles}
    kept = []
    for s in brief.sentences:
        problems = unsupported_parts(s, texts)
        if "edits" in s.extra:
            src = by_id[s.support[0].article_id]
            problems += check_edits(s.extra["original"], s.text, s.extra["edits"], src.text, src.published_at,
                                    {c: texts[c] for c in s.citations if c in texts})
        if problems:  # a brief sentence without support is a bug: never shown, recorded, counted by the evaluator
            log.warning("story %s: sentence withheld, not supported: %s", story.id, problems)
            brief.coverage.setdefault("withheld", []).append({"text": s.text, "problems": problems})
        else:
            kept.append(s)
    brief.sentences = kept
    problems = check_introductions(brief.sentences)
    if problems:  # a surname for a person the brief never introduced: a bug too
        raise AssertionError(f"surname without introduction in story {story.id}: {problems}")
    match = perspectives.FactMatch(cands, same)
    brief.perspectives = perspectives.perspectives(articles, enrichments, threshold=support_threshold, match=match)
    problems = check_perspectives(brief.perspectives, articles, enrichments, match)
    if problems:  # a difference claim that does not hold is a bug, like an unsupported sentence
        raise AssertionError(f"perspectives claim that does not hold in story {story.id}: {problems}")
    return brief


def _with_contradictions(picks: list[sections.Pick], ctx: sections.Context,
                         groups: list[FigureGroup]) -> list[sections.Pick]:
    """Each claim a party makes, followed by the story's statement that contradicts it, if there is one (a
    statement the brief already holds elsewhere moves beside the claim)."""
    movable = {i for i, section, _ in picks if section not in {"lede", "timeline"}}
    blocked = (ctx.used - movable) | ctx.banned
    paired: dict[int, int] = {}  # claim -> its contradiction
    for i, section, extra in picks:
        if section in {"lede", "timeline", "background", "earlier"} or i in paired.values():
            continue
        j = contradict.find_contradiction(i, ctx.cands, ctx.sim, groups, blocked | set(paired) | {i})
        if j is not None and j not in paired.values():
            paired[i] = j
            extra["contested"] = True
            ctx.take(j)
    out: list[sections.Pick] = []
    for i, section, extra in picks:
        if i in paired.values():
            continue
        out.append((i, section, extra))
        if i in paired:
            out.append((paired[i], section, {"contradicts": ctx.cands[i].text}))
    return out


def _unnamed_openings(cands: list[Candidate], enrichments: dict[str, Enrichment]) -> set[int]:
    """Candidates that open with a pronoun ("They identified them as ...", "It said ...") that no recorded
    edit can name from the sentence before in the same article: a reader has no antecedent, so none is
    selected (``clean.antecedent_edit`` names an opening He/She when that sentence names one person)."""
    out = set()
    for i, c in enumerate(cands):
        line = clean.dateline_edit(c.text)
        conn = clean.connective_edit(c.text, line.end if line else 0)
        text = clean.apply_edits(c.text, [e for e in (line, conn) if e is not None])
        if not clean.opening_pronoun(text):
            continue
        enr = enrichments.get(c.article.id)
        if conn is None and enr is not None and clean.antecedent_edit(
                c.text, clean.opening(c.text), c.sentence.start, c.article.text, enr.entities, enr.sentences,
                set()) is not None:
            continue
        out.add(i)
    return out


# A paragraph that turns to another event: "In a separate case, ...", "In another incident, ...", or a
# "Meanwhile," that takes the reader to a place and names nothing another article of the story names
# ("Meanwhile, the CEO of ... died when the seaplane ... crashed into Sydney river", in a report of a plane
# crash in Costa Rica; the cut
# connective would make it read as this story's). "Meanwhile, Equifax's former CEO ... is testifying" stays.
_SEPARATE = re.compile(r"^(?:Separately|In other news|In (?:a|another) separate \w+|"
                       r"In another (?:incident|development|case|crash|attack|accident))\b")
_MEANWHILE = re.compile(r"^(?:Meanwhile|Elsewhere)\b")
_NAMED = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
ANOTHER_STORY_SIM = 0.35  # TF-IDF cosine with some sentence of another article below which a part is its own


def _another_story(cands: list[Candidate], enrichments: dict[str, Enrichment], sim: np.ndarray) -> set[int]:
    """Candidates from the part of an article that a paragraph turning to another event starts (``_SEPARATE``,
    or ``_MEANWHILE`` naming a place and no name, place or group that another article of the story names),
    to the article's end, that no other
    article of the story comes close to (TF-IDF < ANOTHER_STORY_SIM): another event the article reports beside
    this one. Nowhere in the brief (it has no date of its own to stand in Background with); a sentence of
    that part that other articles also report is this story's."""
    texts = {c.article.id: c.article.text for c in cands}
    names = {aid: {e.text for e in enr.entities if e.label in _NAMED} for aid, enr in enrichments.items()}
    turns: dict[str, int] = {}
    for aid, enr in enrichments.items():
        text = texts.get(aid)
        if text is None:
            continue
        elsewhere = set().union(*(p for a, p in names.items() if a != aid and a in texts))
        for k, sent in enumerate(enr.sentences):
            if not (sent.start == 0 or "\n" in text[max(0, sent.start - 2):sent.start]):
                continue  # a paragraph's first sentence
            named = [e for e in enr.entities if e.label in _NAMED and sent.start <= e.start < sent.end]
            new_place = any(e.label in {"GPE", "LOC"} for e in named) and not any(e.text in elsewhere for e in named)
            if _SEPARATE.match(sent.text) or (_MEANWHILE.match(sent.text) and new_place):
                turns[aid] = k
                break
    out = set()
    for i, c in enumerate(cands):
        if c.article.id in turns and c.index >= turns[c.article.id]:
            others = [j for j, d in enumerate(cands) if d.article.id != c.article.id]
            if not others or float(sim[i, others].max()) < ANOTHER_STORY_SIM:
                out.add(i)
    return out


def _earlier(ctx: sections.Context, bursts: list[list[Article]], score: np.ndarray,
             position: np.ndarray) -> list[sections.Pick]:
    """One lead sentence for each earlier development (the latest MAX_EARLIER of them, in date order), dated by
    its first article: the story so far, in a line each."""
    picks: list[sections.Pick] = []
    for burst in bursts[-MAX_EARLIER:]:
        ids = {a.id for a in burst}
        pool = [i for i, c in enumerate(ctx.cands) if c.article.id in ids and c.index < 5
                and len(c.text.split()) <= LEDE_MAX_WORDS and ctx.free(i, 0.6, dated=True)
                and reports_development(c.text[clean.opening(c.text):], c.article.published_at)]
        if not pool:
            continue
        best = max(pool, key=lambda i: score[i] + 0.2 * position[i])
        ctx.take(best)
        picks.append((best, "earlier", {"date": (burst[0].published_at or "")[:10],
                                        "until": (burst[-1].published_at or "")[:10], "articles": len(burst)}))
    return picks


# A feature's scene-setting opening is no development: "If these are prototypes ...", "Ever since North Korea
# lobbed ...", "When a credit card is lost ...", a quotation, or a sentence that reports nothing done.
_SCENE_OPENING = re.compile(r"^(?:[\"“‘']|(?:If|When|Whenever|Since|Ever since|Once|While|Although|Though|As|"
                            r"Because|Whether|Unless|Imagine|Picture|Like|Unlike)\b)")
_PAST = re.compile(r"(?i)\b(?:\w{3,}ed|said|told|lost|made|took|gave|left|began|won|hit|fell|came|went|became|found|"
                   r"held|saw|sent|struck|spoke|wrote|broke|ran|put|set|cut|shot|fled|led|met|paid|sold|rose|flew|"
                   r"threw|chose|drove|stole|froze|seized|has|have|had)\b")


def reports_development(text: str, published: str | None) -> bool:
    """Whether a sentence can stand for a development in an "Earlier" line: it does not open a scene (a
    subordinate clause, a quotation) and reports something done (a past or perfect verb), a date or a number."""
    if _SCENE_OPENING.match(text):
        return False
    pub = parse_reference(published)
    return bool(_PAST.search(text) or re.search(r"\d", text) or (pub and find_dates(text, pub)))


def _widely_reported(cands: list[Candidate], sim: np.ndarray, origin: list[str], threshold: float,
                     ctx: sections.Context) -> list[int]:
    """For each group of sentences worded alike by 3+ independent outlets that the brief does not yet
    state, its best-scored free member (the groups a reader most expects to find)."""
    picked: list[int] = []
    close = sim >= threshold
    seen: set[int] = set()
    for i in np.argsort(-close.sum(axis=1), kind="stable"):
        i = int(i)
        if i in seen:
            continue
        members = [int(j) for j in np.nonzero(close[i])[0] if int(j) not in seen]
        if len({origin[j] for j in members}) < 3:
            continue
        seen.update(members)
        if any(j in ctx.used or any(ctx.sim[j, u] >= threshold for u in ctx.used) for j in members):
            continue  # already said (in these words or in others: ctx.sim counts a paraphrase)
        free = [j for j in members if ctx.free(j) and all(ctx.sim[j, p] < 0.45 for p in picked)]
        if free:
            picked.append(max(free, key=lambda j: float(ctx.score[j])))
    return picked


def _origin_outlet(article: Article, by_id: dict[str, Article]) -> str:
    """Syndicated copies count as their original's outlet when judging independence."""
    if article.duplicate_of and article.duplicate_of in by_id:
        article = by_id[article.duplicate_of]
    return article.outlet or article.domain or article.id


def _sentence(i: int, section: str, cands: list[Candidate], support_idx: list[list[int]],
              sim: np.ndarray) -> BriefSentence:
    best: dict[str, tuple[float, Candidate]] = {}
    for j in support_idx[i]:
        c = cands[j]
        score = 1.0 if j == i else float(round(sim[i, j], 4))
        if c.article.id not in best or score > best[c.article.id][0]:
            best[c.article.id] = (score, c)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1].article.published_at or ""))
    return BriefSentence(
        text=cands[i].text,
        section=section,
        citations=[aid for aid, _ in ordered],
        support=[Support(aid, c.text, c.sentence.start, c.sentence.end, s) for aid, (s, c) in ordered],
    )


def sources_of(articles: list[Article]) -> list[SourceRef]:
    """Related Sources: every article, syndicated copies folded under their original."""
    by_id = {a.id: a for a in articles}
    refs: dict[str, SourceRef] = {}
    for a in sorted(articles, key=lambda a: (a.published_at or "", a.id)):
        if a.duplicate_of and a.duplicate_of in by_id:
            continue
        refs[a.id] = SourceRef(a.id, a.url, a.outlet, a.title, a.published_at)
    for a in articles:
        if a.duplicate_of and a.duplicate_of in refs:
            refs[a.duplicate_of].duplicates.append(a.id)
    return list(refs.values())


def coverage_of(articles: list[Article]) -> dict[str, object]:
    dates = sorted(a.published_at for a in articles if a.published_at)
    return {
        "articles": len(articles),
        "outlets": len({a.outlet for a in articles if a.outlet}),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
    }


def fingerprint(brief: Brief) -> str:
    """What makes two versions of a brief different: its sentences, citations, sources and Perspectives."""
    body: dict[str, Any] = {"h": brief.headline, "s": [(s.text, s.section, s.citations) for s in brief.sentences],
                            "r": [to_dict(r) for r in brief.sources]}
    if brief.perspectives:  # only when present, so that briefs of 1-2 outlets keep their fingerprints
        body["p"] = brief.perspectives
    return hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
