"""Parse only what needs a parse (issue 19, lever 1): measured, not kept.

The lever: NER and sentence bounds (``senter``) over every sentence; tok2vec, tagger, parser, attribute
ruler and lemmatizer only over the sentences a rule reads a parse of, parsed as their own docs and copied
back (TAG/POS/MORPH/LEMMA/DEP/HEAD) into the article's Doc with ``Doc.from_array``; an unparsed sentence
gets a flat tree (its first token the root, the rest ``dep``) so that ``doc.sents`` keeps the senter's
bounds. A sentence needs a parse when, on lower-cased token text (generous on purpose), it holds a quote
mark, an inflected form of a word of the quote lexicon or ``according``, a digit, a number word or a word
of quantity (claims), an inflected event trigger, light verb or light verb's object (events lexicon), or is
one of the first :data:`LEDE_SENTENCES` sentences.

This bench measures, on the stories corpus and the 181 extraction pages: the share of sentences (and
tokens) the predicate parses, which cue asks for each, the CPU seconds of the full pipeline against the
selective one (alternating, same run), and how the enrichment records move (sentences, entities, quotes,
claims, events). Its figures are why the lever is not in ``storydesk.enrich`` (docs/decisions.md, issue 19).

Run alone: ``python bench/bench_parse_select.py [N articles per corpus]``.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich import enrich_doc  # noqa: E402
from storydesk.enrich.claims_lexicon import CHANGE_VERBS, ESTIMATE, PROJECT  # noqa: E402
from storydesk.enrich.events_lexicon import LIGHT, VERBS  # noqa: E402
from storydesk.enrich.nlp import load_nlp  # noqa: E402
from storydesk.enrich.quote_lexicon import (  # noqa: E402
    CLAUSE_CUES,
    DOCUMENT_NOUNS,
    INFINITIVE_CUES,
    NOUN_CUES,
    OBJECT_CUES,
    PREP_CUES,
    RAISING_CUES,
    SOURCE_DOCUMENTS,
    SPEECH_NOUNS,
    STANCE_ADJECTIVES,
)
from storydesk.errors import StorydeskError  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.ingest.extract import extract_html  # noqa: E402
from storydesk.model import Article  # noqa: E402

LEDE_SENTENCES = 4

QUOTE_MARKS = frozenset({'"', "“", "”", "„", "‟", "«", "»", "‹", "›", "``", "''", "‘", "’", "'", "‚", "‛"})

# Past forms that the regular endings miss, for the verbs of the lexicons and the commonest of news text.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",),
    "find": ("found",), "know": ("knew", "known"), "feel": ("felt",), "show": ("shown",),
    "speak": ("spoke", "spoken"), "swear": ("swore", "sworn"), "teach": ("taught",), "hear": ("heard",),
    "mean": ("meant",), "understand": ("understood",), "bet": ("bet",), "hold": ("held",),
    "begin": ("began", "begun"), "give": ("gave", "given"), "make": ("made",), "meet": ("met",),
    "win": ("won",), "lose": ("lost",), "lead": ("led",), "flee": ("fled",), "fight": ("fought",),
    "shoot": ("shot",), "strike": ("struck", "stricken"), "see": ("saw", "seen"), "leave": ("left",),
    "send": ("sent",), "bring": ("brought",), "buy": ("bought",), "sell": ("sold",), "go": ("went", "gone"),
    "come": ("came",), "take": ("took", "taken"), "break": ("broke", "broken"), "choose": ("chose", "chosen"),
    "rise": ("rose", "risen"), "fall": ("fell", "fallen"), "grow": ("grew", "grown"), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "throw": ("threw", "thrown"), "build": ("built",), "catch": ("caught",),
    "seek": ("sought",), "stand": ("stood",), "withdraw": ("withdrew", "withdrawn"), "pay": ("paid",),
    "run": ("ran",), "sink": ("sank", "sunk"), "slay": ("slew", "slain"), "spend": ("spent",),
    "steal": ("stole", "stolen"), "stick": ("stuck",), "sweep": ("swept",), "tear": ("tore", "torn"),
    "wear": ("wore", "worn"), "bite": ("bit", "bitten"), "forecast": ("forecast",), "read": ("read",),
    "set": ("set",), "put": ("put",), "cut": ("cut",), "hit": ("hit",), "quit": ("quit",), "shut": ("shut",),
    "lay": ("laid",), "overthrow": ("overthrew", "overthrown"), "undertake": ("undertook", "undertaken"),
    "forbid": ("forbade", "forbidden"), "foresee": ("foresaw", "foreseen"), "mislead": ("misled",),
    "shake": ("shook", "shaken"), "wake": ("woke", "woken"), "freeze": ("froze", "frozen"),
    "forget": ("forgot", "forgotten"), "get": ("got", "gotten"), "keep": ("kept",), "deal": ("dealt",),
    "bleed": ("bled",), "feed": ("fed",), "sit": ("sat",), "lie": ("lay", "lain", "lied"),
    "be": ("is", "are", "was", "were", "been"), "have": ("has", "had"), "do": ("does", "did", "done"),
}

# Words of quantity that claims count with no digit in sight ("dozens of", "a third of", "twice").
QUANTITY_WORDS = frozenset("""
dozen dozens score scores half halves third thirds quarter quarters fifth tenth percent per cent twice
thrice double doubled triple tripled quadruple hundreds thousands millions billions trillions tens
""".split())


def inflections(lemma: str) -> set[str]:
    """The lemma and its regular English forms (and irregular ones from :data:`IRREGULAR`), generously."""
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w[:-1] + "ion", w[:-1] + "ions"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er"}
    forms.update(IRREGULAR.get(w, ()))
    return forms


def _forms(lemmas: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for lemma in lemmas:
        for word in lemma.split():
            out |= inflections(word)
    return frozenset(out)


_LIGHT_OBJECTS = {obj for objects in LIGHT.values() for obj in objects}

CUE_FORMS: frozenset[str] = _forms(
    set(CLAUSE_CUES) | set(OBJECT_CUES) | set(INFINITIVE_CUES) | set(RAISING_CUES) | set(STANCE_ADJECTIVES)
    | set(NOUN_CUES) | set(PREP_CUES) | set(DOCUMENT_NOUNS) | set(SOURCE_DOCUMENTS) | set(SPEECH_NOUNS)
    | set(VERBS) | set(LIGHT) | _LIGHT_OBJECTS | set(PROJECT) | set(ESTIMATE) | set(CHANGE_VERBS)
    | {"according", "quote", "quoted", "cite", "spokesman", "spokeswoman", "spokesperson"}
) | QUOTE_MARKS | QUANTITY_WORDS


def needs_parse(tokens: Iterable[object]) -> bool:
    """Whether a sentence (spaCy tokens) holds a word form that a rule reads a parse for (module docstring)."""
    for tok in tokens:
        lower = tok.lower_  # type: ignore[attr-defined]
        if lower in CUE_FORMS or tok.like_num:  # type: ignore[attr-defined]
            return True
        if any(ch.isdigit() for ch in lower) or any(ch in "\"“”«»" for ch in lower):
            return True
    return False


# The parts that give a dependency parse, run only over the sentences that need one (``selective``), and the
# parts that every sentence gets. In en_core_web_sm, ``ner`` and ``senter`` carry their own tok2vec, so they
# run without the shared one that the tagger and the parser listen to.
PARSE_PARTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
EVERY_SENTENCE_PARTS = ("senter", "ner")
PARSED_KEY = "storydesk.parsed"  # doc.user_data: the (start, end) token ranges that have a real parse
_COPIED = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD")


def pipe(texts: Iterable[str], *, batch_size: int = 32, nlp: Any = None, selective: bool = True) -> Iterator[Any]:
    """Docs for texts, in batches: NER and sentence bounds on every sentence, a dependency parse (tags, POS,
    lemmas, heads) on the sentences that :func:`~storydesk.enrich.parse_select.needs_parse` asks for and on
    the lede. ``selective=False`` runs the full pipeline over every sentence (sentences from the parser).

    A sentence left unparsed has no tag, POS or lemma and a flat tree: its first token is its root and every
    other token hangs from it with the label ``dep``, so ``doc.sents`` keeps the senter's bounds and no rule
    finds a relation in it. ``doc.user_data[PARSED_KEY]`` lists the token ranges that were parsed.
    """
    if not selective:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _selective_batch(nlp, batch, batch_size)
            batch = []
    if batch:
        yield from _selective_batch(nlp, batch, batch_size)


def _selective_batch(nlp: Any, texts: list[str], batch_size: int) -> list[Any]:
    from spacy.attrs import IDS

    docs = [nlp.make_doc(t) for t in texts]
    for name in EVERY_SENTENCE_PARTS:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=batch_size))
    subs: list[Any] = []
    ranges: list[list[tuple[int, int]]] = []
    for doc in docs:
        chosen = [(s.start, s.end) for k, s in enumerate(doc.sents) if k < LEDE_SENTENCES or needs_parse(s)]
        ranges.append(chosen)
        subs.extend(doc[a:b].as_doc() for a, b in chosen)
    for name in PARSE_PARTS:
        subs = list(nlp.get_pipe(name).pipe(subs, batch_size=batch_size * 8))
    attrs = [IDS[a] for a in _COPIED]
    dep_label = nlp.vocab.strings.add("dep")
    it = iter(subs)
    for doc, chosen in zip(docs, ranges, strict=True):
        arr = numpy.zeros((len(doc), len(attrs)), dtype="int64")
        arr[:, 4] = dep_label
        for sent in doc.sents:  # senter's bounds: a flat tree per sentence, parsed ones overwritten below
            arr[sent.start:sent.end, 5] = sent.start - numpy.arange(sent.start, sent.end)
        for a, b in chosen:
            arr[a:b] = next(it).to_array(attrs).astype("int64")
        doc.from_array(attrs, arr.astype("uint64"))
        doc.user_data[PARSED_KEY] = chosen
    return docs


_SAY_FORMS = _forms(CLAUSE_CUES) | {"according"}
_EVENT_FORMS = _forms(set(VERBS) | set(LIGHT) | _LIGHT_OBJECTS)


def _cues(k: int, sent: Any) -> dict[str, bool]:
    """Which cue of the predicate a sentence holds (for the table of what asks for the parses)."""
    low = [t.lower_ for t in sent]
    hit = {
        "quote mark": any(w in QUOTE_MARKS or any(c in "\"“”«»" for c in w) for w in low),
        "reporting cue": any(w in _SAY_FORMS for w in low),
        "number": any(t.like_num or any(c.isdigit() for c in t.text) or t.lower_ in QUANTITY_WORDS for t in sent),
        "event trigger": any(w in _EVENT_FORMS for w in low),
        "lede": k < LEDE_SENTENCES,
    }
    hit["other lexicon word"] = not any(hit.values()) and needs_parse(sent)
    return hit


def _stories(data: Path, n: int) -> list[str]:
    texts = []
    for f in sorted((data / "stories" / "articles").glob("*.json"))[:n]:
        d = json.loads(f.read_text(encoding="utf-8"))
        texts.append(((d.get("title") or "") + "\n\n" + (d.get("text") or ""))[:100_000])
    return texts


def _pages(data: Path, n: int) -> list[str]:
    texts = []
    for f in sorted((data / "extraction" / "html").glob("*.html.gz"))[:n]:
        try:
            a = extract_html(gzip.decompress(f.read_bytes()), source=f.name)
        except StorydeskError:
            continue
        texts.append(a.text[:100_000])
    return texts


def measure(texts: list[str], nlp: Any) -> dict[str, Any]:
    list(pipe(texts[:2], nlp=nlp))
    list(nlp.pipe(texts[:2]))
    cpu: dict[bool, list[float]] = {False: [], True: []}
    docs: dict[bool, list[Any]] = {}
    for sel in (False, True, False, True):
        t = time.process_time()
        docs[sel] = list(pipe(texts, nlp=nlp)) if sel else list(nlp.pipe(texts, batch_size=32))
        cpu[sel].append(time.process_time() - t)
    full, sel = docs[False], docs[True]
    n_sent = sum(len(list(d.sents)) for d in sel)
    n_parsed = sum(len(d.user_data[PARSED_KEY]) for d in sel)
    n_tok = sum(len(d) for d in sel)
    n_ptok = sum(b - a for d in sel for a, b in d.user_data[PARSED_KEY])
    cues: dict[str, int] = {}
    only: dict[str, int] = {}
    for d in full:
        for k, s in enumerate(d.sents):
            hit = _cues(k, s)
            for c, v in hit.items():
                cues[c] = cues.get(c, 0) + v
            if sum(hit.values()) == 1:
                c = next(c for c, v in hit.items() if v)
                only[c] = only.get(c, 0) + 1
    n_full_sent = sum(len(list(d.sents)) for d in full)
    same_ents = sum([(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
                    for a, b in zip(full, sel, strict=True))
    parts = ("sentences", "entities", "quotes", "claims", "events", "errors")
    moved = {k: [0, 0] for k in parts}
    for i, (a, b) in enumerate(zip(full, sel, strict=True)):
        art = Article(id=str(i), url="u", title="", text=texts[i])
        ea, eb = enrich_doc(art, a), enrich_doc(art, b)
        for k in parts:
            moved[k][0] += len(getattr(ea, k))
            moved[k][1] += len(getattr(eb, k))
    return {"articles": len(texts), "cpu_full": min(cpu[False]), "cpu_selective": min(cpu[True]),
            "sentences": n_sent, "parsed": n_parsed, "tokens": n_tok, "parsed_tokens": n_ptok,
            "cues": cues, "only": only, "full_sentences": n_full_sent, "same_ents": same_ents, "moved": moved}


def run(n: int = 10_000) -> str:
    data = eval_data_dir()
    if data is None:
        return "## Parse only what needs a parse (issue 19)\n\nskipped: ../shared/data is absent\n"
    nlp = load_nlp()
    rows, cue_rows, moved_rows = [], [], []
    for name, texts in (("stories corpus", _stories(data, n)), ("181 extraction pages", _pages(data, n))):
        m = measure(texts, nlp)
        share = m["parsed"] / m["sentences"]
        rows.append(f"| {name} | {m['articles']} | {m['parsed']}/{m['sentences']} ({share:.0%}) | "
                    f"{m['parsed_tokens'] / m['tokens']:.0%} | {m['cpu_full']:.1f} | {m['cpu_selective']:.1f} | "
                    f"{m['cpu_selective'] / m['cpu_full']:.2f} | {m['same_ents']}/{m['articles']} |")
        cue_rows.append(f"| {name} | " + " | ".join(
            f"{m['cues'].get(c, 0) / m['full_sentences']:.0%} ({m['only'].get(c, 0) / m['full_sentences']:.1%})"
            for c in ("quote mark", "reporting cue", "number", "event trigger", "lede", "other lexicon word")) + " |")
        moved_rows.append(f"| {name} | " + " | ".join(f"{a} -> {b}" for a, b in m["moved"].values()) + " |")
    return (
        "## Parse only what needs a parse (issue 19, lever 1: measured, not kept)\n\n"
        "`python bench/bench_parse_select.py`: full pipeline against NER + senter on every sentence and the parse "
        "on the sentences the predicate asks for (bench module docstring); CPU seconds of the spaCy pass, best of "
        "two alternating runs each, same process.\n\n"
        "| corpus | articles | sentences parsed | tokens parsed | full CPU s | selective CPU s | ratio | "
        "docs with identical entities |\n|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "Share of sentences (full pipeline's sentences) holding each cue, and in brackets the share for which it is "
        "the only cue:\n\n| corpus | quote mark | reporting cue | number | event trigger | lede | other lexicon "
        "word |\n|---|---|---|---|---|---|---|\n" + "\n".join(cue_rows) + "\n\n"
        "Enrichment records, full -> selective:\n\n| corpus | sentences | entities | quotes | claims | events | "
        "errors |\n|---|---|---|---|---|---|---|\n" + "\n".join(moved_rows) + "\n"
    )


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
