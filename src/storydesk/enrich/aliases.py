"""One actor per person and organisation: name aliases within an article and across a story.

Rules (stated on name shapes, not on particular people):

- a person's canonical name drops middle initials ("Donald J. Trump" -> "Donald Trump") and titles;
- a shorter mention joins the fullest name of the article whose words contain its words, where a given
  name cut at a hyphen counts as the same word ("Moon Jae" -> "Moon Jae-in", "Trump" -> "Donald Trump");
- an acronym the article defines, "Long Form (LF)" or "LF (Long Form)", is that organisation;
- a capitalised run holding a headline's verbs or capitalised function words ("South Korea Seizes Ship
  Suspected Of ...") is not a name;
- across a story, a person name joins the one fuller name of the story that contains it
  (``merge_story_persons``: the web's actor list, graph and speakers and the brief read the merged names).
- across a story, names that differ only in case, accents or a hyphen are one spelling ("Renee Duval" ->
  "Renée Duval"), and initials stand for the one name with those given names and surname ("J.P. Varga" ->
  "Juan Pablo Varga");
- across a story, given names of one person in the variant table are one name ("Bob Lane" and "Robert
  Lane"; "Mohamed" and "Mohammed");
- across a story, every actor (organisations, places, outlets as well as persons) is written one way:
  case, accents, full stops, a hyphen and a trailing possessive set aside ("ACME CORP" and "Acme Corp.",
  "Nice-Matin" and "Nice Matin"), and an acronym is the organisation of the story it abbreviates, where an
  article defines it or its letters are the initials of exactly one organisation the story names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

from ..model import Enrichment, Entity
from .actor_lexicon import GIVEN_NAME_VARIANTS, HEADLINE_FUNCTION_WORDS, LEGAL_FORMS
from .gazetteer import actor_table

_INITIAL = re.compile(r"^[A-Z]\.?$")
_LONG = r"((?:[A-Z][\w&'’.-]*)(?:\s+(?:of|for|and|on|the|de|du|[A-Z][\w&'’.-]*)){1,8})"
_DEFINED = re.compile(_LONG + r"\s*\(\s*([A-Z][A-Z&.]{1,9})\s*\)")
_DEFINED_AFTER = re.compile(r"\b([A-Z][A-Z&.]{1,9})\s*\(\s*" + _LONG + r"\s*\)")


def canonical_person(name: str) -> str:
    """A person's name without middle initials: "Donald J. Trump" -> "Donald Trump" (first and last kept)."""
    words = name.split()
    if len(words) < 3:
        return name
    kept = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    return " ".join(kept)


def _parts(name: str) -> list[str]:
    return list(_split_name(name))


@functools.lru_cache(maxsize=16384)
def _split_name(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s]+", name) if w and w != "-")


_SURNAME_PARTICLE = re.compile(r"^(?:al|el|ad|ash|as|at|az|an|ar|bin|ibn|abd)-(?=\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def _without_article(word: str) -> str | None:
    """A surname without its Arabic article, folded ("al-Hadi" -> "hadi"); None when it has none."""
    bare = _SURNAME_PARTICLE.sub("", word)
    return bare.casefold() if len(bare) < len(word) else None


def _word_in(word: str, name_words: list[str]) -> bool:
    """A word of a short mention matches a word of a full name, a hyphenated given name matching its part
    before the hyphen ("Jae" in "Jae-in"), a hyphenated word matching its first part, and a surname
    with or without its Arabic article ("Hadi", "Al-Hadi" in "Omar al-Hadi")."""
    head = word.split("-")[0]
    if any(w == word or w.split("-")[0] == head for w in name_words):
        return True
    bare = _without_article(word) if "-" in word else None
    folded = bare or word.casefold()
    for w in name_words:
        if "-" in w and (other := _without_article(w)) is not None:
            if other == folded:
                return True
        elif bare is not None and w.casefold() == bare:
            return True
    return False


def fuller_name(short: str, names: Iterable[str]) -> list[str]:
    """The names that contain every word of ``short`` and are longer than it."""
    words = _parts(short)
    out = []
    for name in names:
        if name == short:
            continue
        name_words = _parts(name)
        longer = len(name) > len(short) and (len(name_words) > len(words) or "-" in name and "-" not in short)
        if longer and words and all(_word_in(w, name_words) for w in words):
            out.append(name)
    return out


def is_headline_fragment(words: list[str]) -> bool:
    """A capitalised run of four or more words with a capitalised function word or a headline verb form."""
    if len(words) < 4 or not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return False
    inner = words[1:]
    return any(w in HEADLINE_FUNCTION_WORDS for w in inner) or sum(
        w.endswith(("s", "ed")) and not w.endswith("ss") for w in inner) >= 2


def _long_form(long: str) -> str:
    """A defined long form without "the" and a possessive owner in front ("Acme's Widget Board" ->
    "Widget Board"), when the part after the possessive is itself two words or more."""
    long = re.sub(r"^(?:The|the)\s+", "", long)
    owned = re.split(r"(?:'s|’s)\s+", long, maxsplit=1)
    return owned[1] if len(owned) == 2 and len(owned[1].split()) >= 2 else long


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms an article defines: "International Atomic Energy Agency (IAEA)" -> {"IAEA": long form}."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        long, short = m.group(1), m.group(2).replace(".", "")
        if _initials_fit(_long_form(long), short):
            out.setdefault(short, _long_form(long))
        elif _initials_fit(long, short):
            out.setdefault(short, re.sub(r"^(?:The|the)\s+", "", long))
    for m in _DEFINED_AFTER.finditer(text):
        short, long = m.group(1).replace(".", ""), m.group(2)
        if _initials_fit(long, short):
            out.setdefault(short, re.sub(r"^(?:The|the)\s+", "", long))
    return out


def _initials_fit(long: str, short: str) -> bool:
    """Whether an acronym's letters are the initials of the long form's words, in order (small words may
    be skipped, and a long form may be longer than the acronym at its start)."""
    words = [w for w in re.split(r"[\s-]+", long) if w]
    letters = short.replace("&", "").upper()
    for start in range(len(words)):
        i = 0
        for w in words[start:]:
            if i < len(letters) and w[0].upper() == letters[i]:
                i += 1
            elif w[0].isupper():
                break
        if i == len(letters):
            return True
    return False


_ACRONYM = re.compile(r"^[A-Z][A-Z&]{2,5}$")
_ORG_KINDS = frozenset({"organisation", "media", "armed_force"})


def name_initials(name: str) -> str:
    """The initials of a name's capitalised words: "Rail Accident Investigation Branch" -> "RAIB",
    "Ministerio de Seguridad Pública" -> "MSP" (lower-case particles are skipped)."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def acronym_for(short: str, names: Iterable[str]) -> str | None:
    """The one name among ``names`` whose initials an undefined acronym of three to six capitals spells
    ("BFR" beside "Big Falcon Rocket"); None when none or several do."""
    if not _ACRONYM.match(short):
        return None
    found = {n for n in names if n != short and len(n.split()) >= 2 and name_initials(n) == short.replace("&", "")}
    return found.pop() if len(found) == 1 else None


def link_acronyms(entities: list[Entity], text: str) -> None:
    """Give an acronym's mentions the actor of the long form the article defines for it; an acronym the
    article does not define takes the one organisation of the article its letters are the initials of."""
    defined = defined_acronyms(text)
    orgs = sorted({e.actor for e in entities if e.actor and e.actor_kind in _ORG_KINDS})
    for e in entities:
        if e.actor == e.text and e.actor_kind in _ORG_KINDS and e.text not in defined:
            long = acronym_for(e.text, orgs)
            if long is not None:
                e.actor = long
    if not defined:
        return
    by_surface: dict[str, Entity] = {}
    for e in entities:
        surface = re.sub(r"^(?:The|the)\s+", "", e.text)
        by_surface.setdefault(surface, e)
    for short, long in defined.items():
        target = by_surface.get(long)
        actor = target.actor if target is not None and target.actor else long
        kind = target.actor_kind if target is not None and target.actor_kind else "organisation"
        for e in entities:
            if re.sub(r"^(?:The|the)\s+", "", e.text) == short and e.actor_kind != "person":
                e.actor, e.actor_kind = actor, kind


@functools.lru_cache(maxsize=16384)
def spelling_key(name: str) -> str:
    """A name's spelling with case, accents and the hyphen-or-space choice set aside: "François Hollande",
    "Francois Hollande"; "Kim Jong-Un", "Kim Jong-un"; "MICHAEL Sheen", "Michael Sheen"; "Jane Roe-Smith",
    "Jane Roe Smith" share a key."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s-]+", plain.casefold().replace("’", "'")))


_VARIANT_OF = {w: min(group) for group in GIVEN_NAME_VARIANTS for w in group}


@functools.lru_cache(maxsize=16384)
def variant_key(name: str) -> str:
    """A person's spelling key with each given name (every word but the last) replaced by its variant
    group: "Bob Lane" and "Robert Lane", "Abu Mohamed al-Hadi" and "Abu Muhammad al-Hadi" share a key; a
    one-word name is its spelling key."""
    words = spelling_key(name).split()
    if len(_parts(name)) < 2:
        return " ".join(words)
    return " ".join([*(_VARIANT_OF.get(w, w) for w in words[:-1]), words[-1]])


@functools.lru_cache(maxsize=16384)
def actor_key(name: str) -> str:
    """Any actor's spelling with case, accents, full stops, a hyphen and a trailing possessive set aside:
    "ACME CORP." and "Acme Corp", "Lakeside's" and "Lakeside" share a key."""
    bare = re.sub(r"(?:'s|’s|')$", "", name.strip()).replace(".", "")
    return spelling_key(re.sub(r"[\u00ad\u200b]", "", bare).strip())


@functools.lru_cache(maxsize=16384)
def company_key(name: str) -> str:
    """An organisation's spelling key without its legal form at the end: "Acme Holdings AG", "Acme Inc."
    and "Acme" share a key (one word at least is kept)."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().rstrip(".") in LEGAL_FORMS:
        words.pop()
    return actor_key(" ".join(words))


@functools.lru_cache(maxsize=16384)
def _without_country(name: str) -> str:
    """An organisation's company key without a country named in front ("U.S. Harbour Safety Board",
    "Norway's Harbour Safety Board" -> the key of "Harbour Safety Board"), when two words or more are left."""
    words = name.split()
    table = actor_table()
    for n in (2, 1):
        head = " ".join(words[:n])
        entry = table.lookup(head) if len(words) - n >= 2 else None
        if entry is not None and entry.kind == "country":
            return company_key(" ".join(words[n:]))
    return company_key(name)


def _shouted(name: str) -> bool:
    """A name in capitals with a word of five letters or more: a dateline's or byline's spelling
    ("UNITED NATIONS", "REUTERS"), never chosen over another spelling ("NASA" may be)."""
    return name.isupper() and any(len(w) >= 5 for w in re.split(r"[\s.-]+", name))


def same_spelling(names: Counter[str], key: Callable[[str], str] = spelling_key) -> dict[str, str]:
    """Names that differ only in case, accents or a hyphen (or what ``key`` sets aside) -> the one most
    often named (never a shouted spelling or a possessive; then the one with fewer capitals, then accents
    kept)."""
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(key(n), []).append(n)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            best = max(group, key=lambda n: (not _shouted(n), not n.endswith(("'s", "’s")), names[n],
                                             -sum(c.isupper() for c in n), not n.isascii(), n))
            out.update({n: best for n in group if n != best})
    return out


def _initials(word: str) -> str | None:
    """"J.P." -> "JP", "J." -> "J"; None for a word that is not initials."""
    letters = word.replace(".", "")
    return letters if word.endswith(".") and letters.isalpha() and letters.isupper() and len(letters) <= 3 else None


def initials_name(short: str, names: Iterable[str]) -> list[str]:
    """The names whose given names the initials of ``short`` stand for, same surname: "J.P. Roe" ->
    "Juan Pablo Roe", "J. Roe" -> "Jane Roe"."""
    words = _parts(short)
    if len(words) < 2:
        return []
    letters = "".join(_initials(w) or "?" for w in words[:-1])
    if "?" in letters:
        return []
    out = []
    for name in names:
        parts = _parts(name)
        given = [w for w in parts[:-1] if _initials(w) is None]
        if parts[-1] == words[-1] and given and "".join(w[0] for w in given) == letters:
            out.append(name)
    return out


def story_person_names(groups: Iterable[Iterable[Entity]]) -> dict[str, str]:
    """Across the articles of a story: person name -> the one fuller name of the story it stands for.

    A name with a word or two in front of another name of the story is that name (the words are a title,
    a photo credit or a stray word: "Prof Jane Roe" -> "Jane Roe"). A name contained in fuller names that
    all reduce to one person ("Trump" in one outlet, "Donald Trump" in another) takes the most often named
    of them; a name with two candidates ("Kim" beside "Kim Jong Un" and "Kim Yo Jong") is left alone.
    Chains are followed to their end ("Moon" -> "Moon Jae" -> "Moon Jae-in").
    """
    raw = Counter(e.actor for g in groups for e in g if e.actor_kind == "person" and e.actor)
    spelt = same_spelling(raw, variant_key)  # "Moon Jae-In" is "Moon Jae-in", "Rob Lane" is "Robert Lane"
    names: Counter[str] = Counter()
    for n, c in raw.items():
        names[spelt.get(n, n)] += c
    out: dict[str, str] = {}
    parts = {n: tuple(_parts(n)) for n in names}
    by_words = {p: n for n, p in parts.items()}
    for name, words in parts.items():  # "Rabbi Jonathan Blake", "GETTY Max Verstappen": words in front
        tail = next((by_words[words[i:]] for i in (1, 2) if len(words) - i >= 2 and words[i:] in by_words), None)
        if tail is not None:
            out[name] = tail
    full = [n for n in names if len(_parts(n)) >= 2 and _name_shaped(n) and n not in out]
    for name in names:
        if name in out:
            continue
        options = fuller_name(name, full) or initials_name(name, full)  # "J.P. Roe" is "Juan Pablo Roe"
        # "Sarah Silverman" grows in the middle or at the end, never in front (initials excepted)
        if len(_parts(name)) >= 2 and not _initials(_parts(name)[0]):
            options = [o for o in options if _parts(o)[0] == _parts(name)[0]]
        fullest = [o for o in options if not fuller_name(o, options)]  # "Moon Jae" is "Moon Jae-in"
        if len({canonical_person(o) for o in fullest}) == 1:  # never two different people
            out[name] = max(fullest, key=lambda n: (names[n], len(n)))
    for name in list(out):
        seen = {name}
        while out[name] in out and out[name] not in seen:
            seen.add(out[name])
            out[name] = out[out[name]]
    for n, folded in spelt.items():
        out[n] = out.get(folded, folded)
    return out


_PARTICLES = frozenset("al bin da de del der di du el la le van von y".split())


def _name_shaped(name: str) -> bool:
    """A fuller name a shorter mention may join: capitalised words (or name particles), no possessive, no
    upper-case credit word ("GETTY Max Verstappen") and no verb form in front ("Deploying Thaad")."""
    words = _parts(name)
    for i, w in enumerate(words):
        if not (w[:1].isupper() or w.split("-")[0] in _PARTICLES) or "'s" in w or "’s" in w:
            return False
        if w.isupper() and len(w.rstrip(".")) > 2 and _initials(w) is None:  # "A.J." is initials
            return False
        if i == 0 and w.lower().endswith("ing"):
            return False
    return True


def link_story_persons(groups: Iterable[list[Entity]]) -> None:
    """Give every person entity of a story the one name the story knows that person by."""
    groups = [list(g) for g in groups]
    names = story_person_names(groups)
    for g in groups:
        for e in g:
            if e.actor_kind == "person" and e.actor in names:
                e.actor = names[e.actor]


def story_actor_names(groups: Iterable[Iterable[Entity]]) -> dict[str, tuple[str, str]]:
    """Across the articles of a story: actor name -> (the one name, its kind) for every kind of actor.

    Spellings that differ only in case, accents, full stops, a hyphen or a trailing possessive are one
    (the most often written, never a shouted one: "REUTERS" -> "Reuters", "Acme Corp" -> "Acme Corp."), and
    organisations that differ only by a legal form at the end ("Acme Holdings AG", "Acme") or a country
    in front ("U.S. Harbour Safety Board", "Harbour Safety Board") are one.
    An acronym is the organisation an article of the story defines it as ("RAIB" unexplained in one
    outlet, "the Rail Accident Investigation Branch (RAIB)" in another), or else the one organisation of
    the story its letters are the initials of; persons never take an acronym's place.
    """
    groups = [list(g) for g in groups]
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    defined: dict[str, Counter[str]] = {}
    for g in groups:
        for e in g:
            if not e.actor:
                continue
            counts[e.actor] += 1
            kinds.setdefault(e.actor, Counter())[e.actor_kind or ""] += 1
            surface = re.sub(r"^(?:The|the)\s+", "", e.text)
            if _ACRONYM.match(surface) and e.actor != surface and e.actor_kind != "person":
                defined.setdefault(surface, Counter())[e.actor] += 1  # linked in its own article
    spelt = same_spelling(counts, actor_key)
    out: dict[str, str] = dict(spelt)
    orgs = [n for n in counts if n not in spelt and kinds[n].most_common(1)[0][0] in _ORG_KINDS]
    out.update(same_spelling(Counter({n: counts[n] for n in orgs}), company_key))  # "Acme Inc" is "Acme"
    orgs = [n for n in orgs if n not in out]
    out.update(same_spelling(Counter({n: counts[n] for n in orgs}), _without_country))  # "U.S. Acme Board"
    orgs = [n for n in orgs if n not in out]
    for name in counts:
        if name in out or kinds[name].get("person"):
            continue
        if name in defined:
            out[name] = defined[name].most_common(1)[0][0]
        elif (long := acronym_for(name, orgs)) is not None:
            out[name] = long
    for name in list(out):  # "ACME" -> "Acme Corp" -> "Acme Corp.": follow to the end
        seen = {name}
        while out[name] in out and out[name] not in seen:
            seen.add(out[name])
            out[name] = out[out[name]]
    return {n: (to, kinds[to].most_common(1)[0][0] if to in kinds else kinds[n].most_common(1)[0][0])
            for n, to in out.items() if to != n}


def relabel_story_persons(groups: Iterable[list[Entity]]) -> None:
    """Organisations and places the model made of a person of the story are that person: "Trump" tagged
    ORG in an outlet that never names him in full, where another names "Donald Trump"; "Vera Holm" tagged
    ORG beside the person "Vera Holm". A one-word name must be the surname of exactly one person of the
    story (the article-level rule, ``actors._link_persons``, across the story)."""
    groups = [list(g) for g in groups]
    persons = {e.actor for g in groups for e in g if e.actor_kind == "person" and e.actor}
    surnames: dict[str, set[str]] = {}
    for name in persons:
        words = _parts(name)
        if len(words) >= 2 and _name_shaped(name):
            surnames.setdefault(words[-1], set()).add(canonical_person(name))
    for g in groups:
        for e in g:
            if e.actor_kind in {"organisation", "place", "group"} and e.actor and (
                e.actor in persons and len(_parts(e.actor)) >= 2 or len(surnames.get(e.actor, ())) == 1
            ):
                e.actor_kind, e.label = "person", "PERSON"


def merge_story_persons(enrichments: Iterable[Enrichment]) -> dict[str, str]:
    """One actor per person (and one name per organisation or place) across a story's enrichments:
    entities, quote speakers and event actors and targets take the story's name for the actor (in
    place). Returns the renaming applied."""
    items = list(enrichments)
    relabel_story_persons([e.entities for e in items])
    names = story_person_names(e.entities for e in items)
    for enr in items:
        for ent in enr.entities:
            if ent.actor_kind == "person" and ent.actor in names:
                ent.actor = names[ent.actor]
    others = story_actor_names(e.entities for e in items)
    for enr in items:
        for ent in enr.entities:
            if ent.actor in others:
                ent.actor, kind = others[ent.actor]
                ent.actor_kind = kind or ent.actor_kind
    renamed = {}
    for n in set(names) | set(others):
        to = names.get(n, n)
        to = others[to][0] if to in others else to
        if to != n:
            renamed[n] = to
    names = renamed
    if not names:
        return names
    for enr in items:
        for q in enr.quotes:
            if q.actor in names:
                q.actor = names[q.actor]
        for ev in enr.events:
            if ev.actor in names:
                ev.actor = names[ev.actor]
            if ev.target in names:
                ev.target = names[ev.target]
    return names
