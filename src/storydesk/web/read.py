"""What the pages and the API show, built from the store's records.

Plain functions from records to JSON-ready dicts, so that the HTML pages and the JSON API say the same
thing. Every field the enrichment may leave empty (quotes, claims, events, actors) renders as an empty
list, never as an error, so that the UI fills in as the pipeline learns more.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..brief import perspectives_view
from ..brief.render import SECTION_TITLES, figure_note, ref_numbers, shown
from ..enrich.aliases import merge_story_persons
from ..enrich.speakers import SPEAKER_PRONOUNS
from ..model import Article, Brief, Enrichment, Story, to_dict
from ..store import Store
from ..stories.compare import compare_claims
from ..stories.filters import actor_counts as actor_counts  # re-exported: web.context and tests use read.*
from ..stories.filters import matches as matches
from ..stories.timeline import build_timeline

SPARK_BUCKETS = 30
MAX_OUTLET_SERIES = 8


def day(iso: str | None) -> str | None:
    return iso[:10] if iso else None


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


# -- story summaries (the river and /api/stories) ------------------------------------------------------
def sparkline(dates: Iterable[str | None]) -> dict[str, Any]:
    """Articles per day over the story's span, folded into at most SPARK_BUCKETS buckets."""
    days = sorted(d for d in (_parse_day(x) for x in dates if x) if d)
    if not days:
        return {"labels": [], "values": []}
    first, last = days[0], days[-1]
    span = (last - first).days + 1
    width = max(1, -(-span // SPARK_BUCKETS))
    n = -(-span // width)
    values = [0] * n
    for d in days:
        values[(d - first).days // width] += 1
    labels = [(first + timedelta(days=i * width)).isoformat() for i in range(n)]
    return {"labels": labels, "values": values, "days_per_point": width}


def story_summary(story: Story, articles: list[Article], enrichments: dict[str, Enrichment],
                  brief: Brief | None) -> dict[str, Any]:
    lede = next((s.text for s in brief.sentences if s.section == "lede"), "") if brief else ""
    merge_story_persons(enrichments.values())  # one actor per person across the story's outlets
    actors = actor_counts(enrichments.values())
    return {
        "id": story.id,
        "title": (brief.headline if brief and brief.headline else story.title) or "(untitled story)",
        "lede": lede,
        "articles": story.size,
        "outlets": len(story.outlets),
        "outlet_names": sorted(story.outlets),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "languages": sorted({a.language for a in articles if a.language}),
        "key_actors": [name for name, _ in actors.most_common(5)],
        "actors": sorted(actors),
        "sparkline": sparkline(a.published_at for a in articles),
        "brief_version": brief.version if brief else None,
    }


def river_order(stories: list[Story], sort: str = "recent") -> list[Story]:
    """Recency first (by day), then coverage (outlets, then articles); or coverage first."""
    if sort == "coverage":
        return sorted(stories, key=lambda s: (-len(s.outlets), -s.size, s.last_seen or "", s.id))
    ordered = sorted(stories, key=lambda s: (len(s.outlets), s.size), reverse=True)
    return sorted(ordered, key=lambda s: (s.last_seen or "")[:10], reverse=True)


# -- the story page --------------------------------------------------------------------------------------
def brief_view(brief: Brief, articles: dict[str, Article]) -> dict[str, Any]:
    """Brief sentences grouped under their section titles, each citation resolved to its source."""
    nums = ref_numbers(brief)
    sections: list[dict[str, Any]] = []
    for s in shown(brief):  # the default view: the sentences past the body budget wait for --full
        title = SECTION_TITLES.get(s.section)
        if not sections or sections[-1]["title"] != title:
            sections.append({"title": title, "section": s.section, "sentences": []})
        cites: list[dict[str, Any]] = []
        seen: set[int] = set()
        support = {sup.article_id: sup for sup in s.support}
        for aid in s.citations:
            n = nums.get(aid)
            if n is None or n in seen:
                continue
            seen.add(n)
            a = articles.get(aid)
            sup = support.get(aid)
            cites.append({
                "n": n, "article_id": aid, "outlet": a.outlet if a else "", "title": a.title if a else "",
                "date": day(a.published_at) if a else None, "url": a.url if a else None,
                "sentence": sup.sentence if sup else "", "start": sup.start if sup else None,
                "end": sup.end if sup else None, "score": sup.score if sup else None,
            })
        sections[-1]["sentences"].append({
            "text": s.text, "section": s.section, "citations": cites,
            "single_source": bool(s.extra.get("single_source")), "actor": s.extra.get("actor"),
            "original": s.extra.get("original"), "date": s.extra.get("date"),
            "figure": figure_note(s, nums, str),  # each outlet's value, as md and html show it (escaped by the page)
            "contradicts": bool(s.extra.get("contradicts")),
        })
    sources = source_roles(brief, articles, sections)
    parts = [{**p, "lines": [perspectives_view.cites_once(x, nums) for x in p["lines"]]}
             for p in perspectives_view.parts(brief)]
    persp = {"intro": perspectives_view.intro(brief), "parts": parts, "nums": nums}
    return {"headline": brief.headline, "version": brief.version, "created_at": brief.created_at,
            "writer": brief.writer, "coverage": brief.coverage, "sections": sections, "sources": sources,
            "perspectives": persp if persp["parts"] else None}


def source_roles(brief: Brief, articles: dict[str, Article], sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Related Sources, each with what it brings: first report, how many sentences cite it, sole support, copies."""
    cited: Counter[int] = Counter()
    alone: Counter[int] = Counter()
    for sec in sections:
        for sent in sec["sentences"]:
            nums = {c["n"] for c in sent["citations"]}
            cited.update(nums)
            if len(nums) == 1:
                alone.update(nums)
    dated = [ref.published for ref in brief.sources if ref.published]
    first = min(dated) if dated else None
    out = []
    for n, ref in enumerate(brief.sources, 1):
        a = articles.get(ref.id)
        role = []
        if first and ref.published == first:
            role.append("first report")
        role.append(f"cited in {cited[n]} sentence{'' if cited[n] == 1 else 's'}" if cited[n] else "not cited")
        if alone[n]:
            role.append(f"sole support of {alone[n]}")
        if ref.duplicates:
            role.append(f"+{len(ref.duplicates)} syndicated cop{'y' if len(ref.duplicates) == 1 else 'ies'}")
        out.append({"n": n, **to_dict(ref), "date": day(ref.published), "domain": (a.domain or "") if a else "",
                    "cited": cited[n], "role": " · ".join(role)})
    return out


def story_outlets(articles: list[Article]) -> list[dict[str, Any]]:
    """The story's outlets by articles, each with its domain (for its outlet page) and whether it reported first."""
    originals = sorted((a for a in articles if not a.duplicate_of and a.published_at),
                       key=lambda a: a.published_at or "")
    first = (originals[0].domain or originals[0].outlet) if originals else None
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for a in articles:
        key = a.domain or a.outlet or "unknown"
        counts[key] += 1
        names.setdefault(key, a.outlet or key)
    return [{"domain": k.lower(), "name": names[k], "articles": c, "first": k == first}
            for k, c in counts.most_common()]


def key_figures(articles: dict[str, Article], enrichments: dict[str, Enrichment],
                limit: int = 12) -> list[dict[str, Any]]:
    """Numbers outlets report about the same thing (stories.compare): each value, and agree, changed or disagree.

    Syndicated copies are left out; in a disagreement the values far from the median are marked ``differs``.
    """
    originals = [a for a in articles.values() if not a.duplicate_of]
    labels: dict[tuple[str, float], str] = {}
    for aid, e in enrichments.items():
        for c in e.claims:
            if c.counted:
                labels.setdefault((aid, c.value), " ".join(c.counted.split()))
    rows: list[dict[str, Any]] = []
    for group in compare_claims(originals, enrichments):
        values: list[dict[str, Any]] = []
        for fv in group.values:
            values.append({"outlet": fv.outlet, "value": fv.value, "value_high": fv.value_high, "text": fv.text,
                           "approximate": fv.approximate, "hedge": fv.hedge, "modality": fv.modality,
                           "article_id": fv.article_id, "date": day(fv.published), "differs": False})
        if group.status == "disagree":
            median = statistics.median(v["value"] for v in values)
            for v in values:
                v["differs"] = abs(v["value"] - median) > 0.05 * max(abs(median), 1e-9)
        names = Counter(labels.get((fv.article_id, fv.value), group.counted) for fv in group.values)
        rows.append({"what": names.most_common(1)[0][0], "key": group.key, "unit": group.unit,
                     "values": sorted(values, key=lambda v: (v["date"] or "", v["outlet"])),
                     "outlets": len(group.outlets), "status": group.status, "note": group.note,
                     "disagree": group.status == "disagree"})
    rows.sort(key=lambda r: (-r["outlets"], not r["disagree"], r["what"]))
    return rows[:limit]


def speaker_name(actor: str | None, speaker: str | None) -> str | None:
    """What a quote is listed under: its actor, else the speaker as written ("officials", "a Pentagon
    spokeswoman"), but never a pronoun nobody stands behind ("he", "we", "it": unattributed)."""
    if actor:
        return actor
    if speaker and speaker.strip().lower() not in SPEAKER_PRONOUNS:
        return speaker
    return None


def quotes_by_speaker(articles: dict[str, Article], enrichments: dict[str, Enrichment],
                      max_speakers: int = 12, per_speaker: int = 5) -> list[dict[str, Any]]:
    speakers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for aid, e in enrichments.items():
        a = articles.get(aid)
        if a is None or a.duplicate_of:
            continue
        for q in e.quotes:
            who = speaker_name(q.actor, q.speaker) or "Unattributed"
            key = (who, " ".join(q.content.lower().split())[:200])
            if key in seen:
                continue
            seen.add(key)
            speakers[who].append({"content": q.content, "direct": q.direct, "cue": q.cue, "role": q.role,
                                  "affiliation": q.affiliation, "outlet": a.outlet, "article_id": aid,
                                  "start": q.content_start, "date": day(a.published_at)})
    ordered = sorted(speakers.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0]))
    return [{"speaker": who, "count": len(items), "quotes": items[:per_speaker]}
            for who, items in ordered[:max_speakers]]


def reactions(brief_data: dict[str, Any]) -> list[dict[str, Any]]:
    """Brief sentences of the reaction section, grouped by the actor who reacts (when the writer names one)."""
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for section in brief_data["sections"]:
        for s in section["sentences"]:
            if s["section"] == "reaction":
                by_actor[s.get("actor") or "Other reactions"].append(s)
    return [{"actor": k, "sentences": v} for k, v in by_actor.items()]


def timeline(brief: Brief | None, articles: list[Article], enrichments: dict[str, Enrichment]) -> dict[str, Any]:
    """Dated events: the brief's timeline section, else the timeline builder, else the first report of each day."""
    if brief is not None:
        dated = [s for s in brief.sentences if s.section == "timeline"]
        if dated:
            entries = [{"date": s.extra.get("date") or "", "text": s.text,
                        "article_id": s.support[0].article_id if s.support else next(iter(s.citations), None),
                        "start": s.support[0].start if s.support else None} for s in dated]
            return {"method": "brief", "entries": entries}
    originals = [a for a in articles if not a.duplicate_of]
    got = build_timeline(originals, sentences={aid: e.sentences for aid, e in enrichments.items()}) if originals else []
    if got:
        return {"method": "timeline", "entries": [
            {"date": t.date, "text": t.text, "article_id": t.article_id, "start": t.start, "score": t.date_score}
            for t in got]}
    by_day: dict[str, Article] = {}
    for a in sorted(originals, key=lambda a: a.published_at or ""):
        d = day(a.published_at)
        if d and d not in by_day:
            by_day[d] = a
    return {"method": "first report per day", "entries": [
        {"date": d, "text": f"{a.outlet}: {a.title}", "article_id": a.id} for d, a in by_day.items()]}


def coverage_chart(articles: list[Article]) -> dict[str, Any]:
    """Articles per day and outlet (the busiest outlets apart, the rest as one series)."""
    days = sorted({d for d in (day(a.published_at) for a in articles) if d})
    counts = Counter(a.outlet or a.domain or "unknown" for a in articles if a.published_at)
    top = [o for o, _ in counts.most_common(MAX_OUTLET_SERIES)]
    series: dict[str, list[int]] = {o: [0] * len(days) for o in top}
    index = {d: i for i, d in enumerate(days)}
    for a in articles:
        d = day(a.published_at)
        if not d:
            continue
        outlet = a.outlet or a.domain or "unknown"
        name = outlet if outlet in series else "other outlets"
        series.setdefault(name, [0] * len(days))[index[d]] += 1
    return {"labels": days, "series": [{"name": k, "values": v} for k, v in series.items()]}


def actor_graph(enrichments: dict[str, Enrichment], max_nodes: int = 16) -> dict[str, Any]:
    """Who acted on whom (events, cooperation + to conflict -); co-mentions where no events exist."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    mentions = actor_counts(enrichments.values())
    for e in enrichments.values():
        for ev in e.events:
            if not ev.actor or not ev.target or ev.actor == ev.target:
                continue
            edge = edges.setdefault((ev.actor, ev.target), {"count": 0, "score": 0.0, "actions": Counter()})
            edge["count"] += 1
            edge["score"] += ev.score
            edge["actions"][ev.action] += 1
    kind = "events"
    if not edges:
        kind = "co-mentions"
        top = {name for name, _ in mentions.most_common(max_nodes)}
        for e in enrichments.values():
            for sent in e.sentences:
                names = sorted({(ent.actor or ent.text).strip() for ent in e.entities
                                if sent.start <= ent.start < sent.end and (ent.actor or ent.text).strip() in top})
                for i, x in enumerate(names):
                    for y in names[i + 1:]:
                        edge = edges.setdefault((x, y), {"count": 0, "score": 0.0, "actions": Counter()})
                        edge["count"] += 1
    ranked = sorted(edges.items(), key=lambda kv: -kv[1]["count"])
    nodes: dict[str, int] = {}
    out_edges = []
    for (x, y), edge in ranked:
        if len(nodes) >= max_nodes and (x not in nodes or y not in nodes):
            continue
        for name in (x, y):
            nodes.setdefault(name, mentions.get(name, 1))
        tone = edge["score"] / edge["count"]
        out_edges.append({"source": x, "target": y, "count": edge["count"], "tone": round(tone, 2),
                          "actions": [a for a, _ in edge["actions"].most_common(3)]})
        if len(out_edges) >= 40:
            break
    return {"kind": kind, "nodes": [{"id": n, "mentions": m} for n, m in nodes.items()], "edges": out_edges}


def story_detail(store: Store, story_id: str, version: int | None = None) -> dict[str, Any]:
    """Everything the story page shows."""
    story = store.get_story(story_id)
    articles = store.get_articles(story.article_ids)
    by_id = {a.id: a for a in articles}
    enrichments = store.get_enrichments(story.article_ids)
    merge_story_persons(enrichments.values())  # the actor graph and the speakers name each person once
    versions = store.brief_versions(story.id)
    brief = store.get_brief(story.id, version) if versions else None
    brief_data = brief_view(brief, by_id) if brief else None
    latest = store.get_brief(story.id) if brief and version is not None and version != versions[-1] else brief
    return {
        "summary": story_summary(story, articles, enrichments, latest),
        "brief": brief_data,
        "versions": versions,
        "figures": key_figures(by_id, enrichments),
        "quotes": quotes_by_speaker(by_id, enrichments),
        "reactions": reactions(brief_data) if brief_data else [],
        "timeline": timeline(brief, articles, enrichments),
        "coverage": coverage_chart(articles),
        "graph": actor_graph(enrichments),
        "outlets": story_outlets(articles),
        "articles": [article_ref(a) for a in sorted(articles, key=lambda a: a.published_at or "")],
        "history": history_view(story),
    }


def history_view(story: Story) -> list[dict[str, Any]]:
    """The story's history, newest first: started, merged (by the clusterer or a person), split (who, when)."""
    out: list[dict[str, Any]] = []
    for h in reversed(story.history):
        event, by = h.get("event"), h.get("by")
        other: str | None = None
        if event == "created":
            what = "Story started"
        elif event == "split" and h.get("from") == story.id:
            n = len(h.get("articles") or [])
            what, other = f"{n} article{'' if n == 1 else 's'} split off into", h.get("into")
        elif event == "split":
            what, other = "Split off from", h.get("from")
        elif event == "merge" and h.get("kept") == story.id:
            n = int(h.get("absorbed_size") or 0)
            what, other = f"Took in {n} article{'' if n == 1 else 's'} of", h.get("absorbed")
        elif event == "merge":
            what, other = "Merged into", h.get("kept")
        else:
            what = str(event or "change")
        out.append({"at": h.get("at"), "what": what, "story": other,
                    "by": by or ("the clusterer" if event == "merge" else None)})
    return out


def article_ref(a: Article) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published_at,
            "language": a.language, "duplicate_of": a.duplicate_of}


# -- the article page ----------------------------------------------------------------------------------
def highlight(text: str, enrichment: Enrichment | None, cited: int | None = None) -> list[dict[str, Any]]:
    """The text cut into segments, each with the kinds of annotation covering it (entity, quote, claim)."""
    spans: list[tuple[int, int, str, str]] = []
    anchors: set[int] = set()
    if enrichment is not None:
        for ent in enrichment.entities:
            label = ent.label + (f": {ent.actor}" if ent.actor and ent.actor != ent.text else "")
            spans.append((ent.start, ent.end, "ent", label))
        for q in enrichment.quotes:
            who = speaker_name(q.actor, q.speaker) or "unattributed"
            spans.append((q.content_start, q.content_end, "quote", f"{'quote' if q.direct else 'paraphrase'}: {who}"))
        for c in enrichment.claims:
            what = " ".join(str(x) for x in (c.value, c.unit or "", c.counted or "") if x != "")
            spans.append((c.start, c.end, "claim", f"figure: {what} ({c.modality})"))
        for s in enrichment.sentences:
            anchors.add(s.start)
            if cited is not None and s.start == cited:
                spans.append((s.start, s.end, "cited", "the sentence the brief cites"))
    n = len(text)
    spans = [(max(0, a), min(n, b), k, t) for a, b, k, t in spans if 0 <= a < b <= n]
    cuts = sorted({0, n, *(a for a, *_ in spans), *(b for _, b, *_ in spans), *(a for a in anchors if a < n)})
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [(k, t) for s, e, k, t in spans if s <= a and b <= e]
        kinds = sorted({k for k, _ in active})
        segments.append({"text": text[a:b], "kinds": kinds, "title": "; ".join(dict.fromkeys(t for _, t in active)),
                         "anchor": a if a in anchors else None})
    return segments


def duplicate_group(article: Article, siblings: list[Article]) -> dict[str, Any]:
    """The article's original or its copies, and why they count as one."""
    original = next((s for s in siblings if s.id == article.duplicate_of), None)
    copies = [s for s in siblings if s.duplicate_of == article.id]
    why = None
    if article.duplicate_of:
        score = article.near_duplicate_score
        if original is not None and original.content_hash and original.content_hash == article.content_hash:
            why = "exact copy: the same text (same content hash)"
        elif score is not None:
            why = f"near duplicate: estimated {score:.0%} of 5-word shingles shared"
        else:
            why = "grouped as a copy by the ingest stage"
    return {"original": article_ref(original) if original else (
        {"id": article.duplicate_of} if article.duplicate_of else None),
        "copies": [article_ref(c) | {"score": c.near_duplicate_score} for c in copies], "why": why}


def article_detail(store: Store, article_id: str, cited: int | None = None) -> dict[str, Any]:
    article = store.get_article(article_id)
    enrichment = store.get_enrichment(article.id)
    story_id = store.story_of(article.id)
    siblings: list[Article] = []
    if story_id:
        siblings = store.get_articles(store.story_article_ids(story_id))
    e = enrichment or Enrichment(article_id=article.id)
    return {
        "article": to_dict(article),
        "story_id": story_id,
        "segments": highlight(article.text, enrichment, cited),
        "counts": {"entities": len(e.entities), "quotes": len(e.quotes), "claims": len(e.claims),
                   "events": len(e.events), "sentences": len(e.sentences)},
        "enrichment": to_dict(e),
        "duplicates": duplicate_group(article, siblings),
    }
