"""Section selectors of the brief. Each picks source sentences (candidate indices) for one section;
the composer cites and verifies them. Nothing here writes new text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Article, Enrichment
from ..stories.compare import FigureGroup
from ..stories.figure_text import figure_rows
from .clean import SAYING
from .select import Candidate

FORWARD = re.compile(
    r"(?i)\b(could|may|might|will likely|is likely|are likely|expected to|expects?|forecasts?|predicts?|"
    r"plans? to|is set to|are set to|warn(?:s|ed)? that|risk of|possibly|probably)\b"
)
ANALYSIS = re.compile(r"(?i)\b(analysts?|experts?|observers?|economists?|researchers?|scholars?|commentators?|"
                      r"suggests?|indicates?|signals?|means that|editorial|argues?)\b")
ATTRIBUTION = re.compile(r"(?i)\b(" + "|".join(SAYING + (
    "argued", "argues", "warned", "noted", "believes?", "expects?", "predicted", "estimated", "suggested")) + r")\b")
BACKGROUND = re.compile(r"(?i)\b(last year|in (19|20)\d\d|since (19|20)\d\d|previously|earlier this year|"
                        r"for the first time since|has long|have long|history|decades?|years ago)\b")
_HAS_NUMBER = re.compile(r"\d|(?i:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                         r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?)\b)")
# a look ahead: what a sentence says will happen (the writer's list; the checker has its own)
LOOKS_AHEAD = re.compile(
    r"(?i)\b(?:will|won't|shall|(?:is|are|was|were) (?:scheduled|expected|set|due|slated|poised|going) to|"
    r"plans? to|(?:is|are) to \w+|next (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|tomorrow|later this (?:week|month|year)|upcoming)\b|\w'll\b")
# what makes a statement a reaction: words of responding to the event (the writer's lexicon), not a detail an
# official gives of it ("The same plane had arrived ... Cubillo said" is no reaction). Inflections are spelt
# out where a longer word is no response: Thanksgiving, defendant, reactor, respondents, Warner, doubtless.
REACTING = re.compile(
    r"(?i)\b(?:condemn\w*|denounc\w*|welcom\w*|criticis\w*|criticiz\w*|critic(?:s|al)|prais\w*|hail\w*|applaud\w*|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:for|on)|demand\w*|reject\w*|den(?:y|ies|ied|ial)|dismiss\w*|vow\w*|"
    r"pledg\w*|express(?:es|ed|ing)? (?:\w+ )?(?:concern|regret|sympathy|condolences|joy|shock|outrage|support|"
    r"sorrow|grief|hope)|regret\w*|mourn\w*|slam(?:s|med|ming)?|blast(?:s|ed)|warn(?:s|ed|ing|ings)?|threat\w*|"
    r"protest\w*|accus\w*|blam\w*|oppos(?:e|es|ed|ing|ition)|in response|respond(?:s|ed|ing)?|"
    r"react(?:s|ed|ing|ion|ions)?|apologi[sz]\w*|thank(?:s|ed|ing)?|congratulat\w*|defend(?:s|ed|ing)?|"
    r"declin\w* to comment|disappoint\w*|outrag\w*|appeal\w*|insist\w*|refus\w*|sympath\w*|solidarity|"
    r"tribute\w*|shock(?:s|ed|ing)?|dismay\w*|ridicul\w*|question(?:s|ed) (?:the|whether)|doubt(?:s|ed|ing)?|"
    r"sanction\w*|blacklist\w*|ban(?:s|ned|ning)?)\b")
# "did not immediately respond to requests for comment": no reaction at all
NO_RESPONSE = re.compile(r"(?i)\b(?:not|n't|never|no one)\s+(?:\w+\s+){0,2}(?:respond|comment|react|return|reached)\w*|"
                         r"\b(?:declin|refus)\w* (?:a )?(?:request|to comment)\w*")
REACTION_ACTIONS = {"accuse", "reject", "demand", "threaten", "protest", "support", "sanction"}
REACTION_KINDS = {"country", "organisation", "organization", "armed_force", "government", "city"}


@dataclass
class Context:
    cands: list[Candidate]
    sim: np.ndarray
    score: np.ndarray
    n_indep: np.ndarray
    enrichments: dict[str, Enrichment]
    articles: dict[str, Article]
    used: set[int] = field(default_factory=set)
    elsewhere: dict[int, str] = field(default_factory=dict)  # about another event: its date; Background only
    banned: set[int] = field(default_factory=set)  # opens with a pronoun no recorded edit can name: nowhere
    # looks ahead from an earlier development ("is scheduled to testify", shown after the testimony): only in a
    # dated line (Earlier, Background, the timeline), where the reader sees when it was said
    stale: set[int] = field(default_factory=set)
    by_pos: dict[tuple[str, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_pos = {(c.article.id, c.sentence.start): i for i, c in enumerate(self.cands)}

    def index_at(self, article_id: str, offset: int) -> int | None:
        """The candidate whose sentence holds ``offset`` in the article."""
        for (aid, start), i in self.by_pos.items():
            c = self.cands[i]
            if aid == article_id and start <= offset < c.sentence.end:
                return i
        return None

    def free(self, i: int, max_sim: float = 0.45, *, context: bool = False, dated: bool = False) -> bool:
        """Not taken, not close to a taken sentence, (outside Background) about this story's event, and (outside
        a dated line: ``context`` or ``dated``) not a look ahead from an earlier development."""
        if i in self.used or i in self.banned or (i in self.elsewhere and not context):
            return False
        if i in self.stale and not (context or dated):
            return False
        return all(self.sim[i, j] < max_sim for j in self.used)

    def take(self, i: int) -> None:
        self.used.add(i)


Pick = tuple[int, str, dict[str, Any]]


def figures(ctx: Context, groups: list[FigureGroup], limit: int = 5) -> list[Pick]:
    """Key figures: for each compared figure, the sentence of its best-covered value."""
    picks: list[Pick] = []
    for g in groups:
        if len(picks) >= limit:
            break
        if len(g.outlets) < 2 and g.status == "single" and len(groups) > limit or g.earlier_event:
            continue
        options: list[int] = []  # the value sentences free to take, the one more outlets state first
        # a figure that changed as the story developed is shown by a sentence with its latest value
        latest = max(g.values, key=lambda v: (v.published or "", v.article_id)).value if g.status == "changed" \
            and g.values else None
        for v in sorted(g.values, key=lambda v: latest is not None and v.value != latest):
            if latest is not None and v.value != latest and options:
                break
            if v.sentence_start is not None:
                i = ctx.index_at(v.article_id, v.sentence_start)
                if i is not None and ctx.free(i, 0.6) and v.text in ctx.cands[i].text:
                    options.append(i)
        chosen = max(options, key=lambda i: (float(ctx.n_indep[i]), float(ctx.score[i])), default=None)
        if chosen is None:
            continue
        ctx.take(chosen)
        label = g.label if _written_in(g.label, ctx.cands[chosen].text) else ""
        picks.append((chosen, "figure", {"figure": {"counted": g.counted, "label": label, "unit": g.unit,
                                                     "status": g.status, "note": g.note,
                                                     "values": figure_rows(g)}}))
    return picks


def _written_in(label: str | None, sentence: str) -> bool:
    """Whether the line's label (what it counts) is written in the sentence shown with it: each word, or its
    singular, appears there. A counted noun the extraction got wrong ('response' for an '89 percent cut') is
    not shown as what the figure counts."""
    if not label:
        return False
    words = set(re.findall(r"[\w'-]+", sentence.lower()))
    return all(w in words or w.rstrip("s") in words or f"{w}s" in words
               for w in re.findall(r"[\w'-]+", label.lower()))


def quotes(ctx: Context, limit: int = 5) -> list[Pick]:
    """Who said what: sentences carrying a quote with a named speaker; direct quotes and new speakers first."""
    options: list[tuple[float, int, dict[str, Any]]] = []
    for aid, enr in ctx.enrichments.items():
        for q in enr.quotes:
            if not q.speaker or q.speaker.lower() in {"he", "she", "they", "it", "we", "i"} and not q.actor:
                continue
            i = ctx.index_at(aid, q.content_start)
            if i is None:
                continue
            extra = {"speaker": q.actor or q.speaker, "mention": q.speaker, "role": q.role,
                     "affiliation": q.affiliation, "direct": q.direct, "cue": q.cue}
            rank = ctx.score[i] + (0.3 if q.direct else 0.0) + 0.1 * min(ctx.n_indep[i], 3)
            options.append((rank, i, extra))
    options.sort(key=lambda t: -float(t[0]))
    picks: list[Pick] = []
    speakers: set[str] = set()
    for _, i, extra in options:
        if len(picks) >= limit:
            break
        who = str(extra["speaker"] or "").lower()
        if who in speakers or not ctx.free(i):
            continue
        speakers.add(who)
        ctx.take(i)
        picks.append((i, "quote", extra))
    return picks


def reactions(ctx: Context, limit: int = 6) -> list[Pick]:
    """Reactions grouped by actor: what governments and organisations said or did, one sentence each. A
    statement is a reaction only when it responds (``REACTING``: condemned, welcomed, urged, denied, sanctioned ...);
    an act only of a reacting kind (accuse, reject, demand, threaten, protest, support, sanction) and in
    such words."""
    options: list[tuple[float, int, dict[str, Any]]] = []
    for aid, enr in ctx.enrichments.items():
        kinds = {(e.start, e.end): (e.actor, e.actor_kind) for e in enr.entities if e.actor}
        for q in enr.quotes:
            actor, kind = q.actor, None
            for (s, e), (name, k) in kinds.items():
                if q.speaker_start is not None and s <= q.speaker_start < e:
                    actor, kind = name, k
            if not actor or (kind not in REACTION_KINDS and not q.affiliation):
                continue
            i = ctx.index_at(aid, q.content_start)
            if i is not None and REACTING.search(ctx.cands[i].text) and not NO_RESPONSE.search(ctx.cands[i].text):
                options.append((ctx.score[i], i, {"actor": actor if kind in REACTION_KINDS else q.affiliation,
                                                  "via": "statement"}))
        actor_kind = {e.actor: e.actor_kind for e in enr.entities if e.actor}
        for ev in enr.events:  # what a government or organisation did; a person's act is no reaction
            if ev.actor and actor_kind.get(ev.actor) in REACTION_KINDS and ev.action in REACTION_ACTIONS:
                i = ctx.index_at(aid, ev.start)
                if i is not None and REACTING.search(ctx.cands[i].text):
                    options.append((ctx.score[i] + 0.05, i, {"actor": ev.actor, "via": ev.action,
                                                             "target": ev.target}))
    options.sort(key=lambda t: -t[0])
    picks: list[Pick] = []
    actors: set[str] = set()
    for _, i, extra in options:
        if len(picks) >= limit:
            break
        if extra["actor"] in actors or not ctx.free(i):
            continue
        actors.add(extra["actor"])
        ctx.take(i)
        picks.append((i, "reaction", extra))
    picks.sort(key=lambda p: p[2]["actor"])
    return picks


def analysis_and_outlook(ctx: Context, limit: int = 4) -> list[Pick]:
    """Forward-looking and hedged statements, always attributed."""
    options = []
    for i, c in enumerate(ctx.cands):
        if not ATTRIBUTION.search(c.text):
            continue
        forward, analytic = FORWARD.search(c.text), ANALYSIS.search(c.text)
        if forward or analytic:
            section = "outlook" if forward else "analysis"
            options.append((ctx.score[i] + (0.1 if forward and analytic else 0), i, section))
    options.sort(key=lambda t: -t[0])
    picks: list[Pick] = []
    for _, i, section in options:
        if len(picks) >= limit:
            break
        if ctx.free(i):
            ctx.take(i)
            picks.append((i, section, {}))
    return picks


def background(ctx: Context, limit: int = 3) -> list[Pick]:
    """Context: "previously" sentences, and sentences about another, earlier event (with its date)."""
    options = [(ctx.score[i] + (0.1 if i in ctx.elsewhere else 0.0), i) for i, c in enumerate(ctx.cands)
               if BACKGROUND.search(c.text) or i in ctx.elsewhere]
    options.sort(key=lambda t: -t[0])
    picks: list[Pick] = []
    for _, i in options:
        if len(picks) >= limit:
            break
        if ctx.free(i, context=True):
            ctx.take(i)
            picks.append((i, "background", {"date": ctx.elsewhere[i]} if i in ctx.elsewhere else {}))
    picks.sort(key=lambda p: str(p[2].get("date", "9999")))
    return picks
