"""What a reader accepts from a source sentence, and the few recorded edits the writer may make to one.

``reject_reason`` says why a sentence cannot stand in a brief at all (a question, a caption or gallery or
video blurb, a byline, a credit, a "read more"). ``edits_for`` proposes verified edits, each an ``Edit``
(kind, span in the original sentence, replacement, evidence offsets in the article): cut a wire dateline or
agency prefix, drop a dangling opening connective, anchor a relative day to its date from the publication
date, and name a speaker given as a pronoun. Numbers, names and quotes are never changed; the verifier
(``verify.check_edits``) replays every edit against the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from ..dates import find_dates, parse_reference
from ..model import Entity, Quote, Sentence

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_CAPTION = re.compile(
    r"(?i)^(?:photos?|pictures?|video|watch|gallery|image|file photo|slideshow|graphic|listen)\s*[:|\-–—]|"
    r"\b(?:is|are|was|were) (?:seen|pictured|shown)\b|\bpictured\b|\bjoins? (?:the show|us|cnn|msnbc|fox)\b|"
    r"\b(?:AP|AFP|Reuters|Getty Images|EPA|Yonhap|Xinhua)\s*(?:Photo|/)|\bphoto(?:graph)? (?:by|courtesy)\b|"
    r"\bclick (?:here|to)\b|\bread more\b|\b(?:originally|first) appeared (?:on|in)\b|\bappeared first on\b|"
    r"\bwatch (?:the|our) (?:video|clip)\b|\bsubscribe\b|"
    r"^by [A-Z][a-z]+ [A-Z][a-z]+\b|\b(?:reporting|writing|editing) by\b|\bcontributed to this report\b|"
    r"\(Photo|\bstock photo\b|\bin this (?:photo|image|file)\b|\bscroll down\b|\bcan be seen\b|"
    # "FILE - In this Thursday, Dec. 28, 2017 file photo, ...": a wire photo's caption
    r"^file\s*[-–—:]|\bin this\b.{0,60}?\b(?:photo|image|picture)\b"
)
# "SEOUL/WASHINGTON (Reuters) - ", "BEIJING - ", "(CNN) -- ", "PYONGYANG, North Korea (AP) — "
_DATELINE = re.compile(
    r"^\s*(?:(?:[A-Z][A-Z.'/ ]{1,40}[A-Z.](?:,\s*[A-Z][A-Za-z0-9. ]{1,30}){0,2}\s*)?\((?:[A-Z][A-Za-z. ]{1,20})\)"
    r"|[A-Z][A-Z.'/ ]{2,40}[A-Z.](?:,\s*[A-Z][A-Za-z. ]{1,30})?)\s*(?:-{1,2}|—|–|:)\s+"
    # "West Palm Beach, Florida (CNN) ": a place in title case, then the agency in brackets
    r"|^\s*[A-Z][A-Za-z.' ]{1,40}(?:,\s*[A-Z][A-Za-z0-9. ]{1,30})?\s*\((?:CNN|AP|AFP|Reuters|UPI|Xinhua|Yonhap|dpa|"
    r"IANS|PTI|ANI|CNS|TASS|Sputnik|RT|KCNA)\)\s*(?:(?:-{1,2}|—|–|:)\s*)?"
)
_CUE_AFTER = re.compile(r"\s+(?:said|says|added|told|noted|warned|wrote|explained|insisted)\b")
_CONNECTIVE = re.compile(r"^(?:But|However|Meanwhile|Still|And|Also|Yet|Moreover|Furthermore|In addition|"
                         r"Nevertheless|Nonetheless|Instead|Even so|Besides|So|Then|"
                         r"Now(?!\s+(?:that|is|was|are|were)\b)),?\s+(?=[A-Za-z\"“])")
_PRONOUNS = {"he", "she"}
ANCHOR_DAYS = 5  # a weekday is anchored only when it falls 0-5 days before the publication date
_FUTURE = re.compile(r"\b(?:will|would|shall|going to|plans? to|planned to|expected to|scheduled to|set to|"
                     r"is to|are to|was to|were to)\b|\w'll\b", re.I)  # a weekday ahead, not behind
_WEEKDAY = re.compile(r"^(?:on\s+|last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$", re.I)


# A sentence that opens with a pronoun needs the antecedent its article gave it. "It is unclear whether ...",
# "It was the first time that ..." are expletive: "it" there refers to nothing.
_ANAPHORIC = re.compile(r"^(?:He|She|They|It|His|Her|Their|Its|Them)\b(?![-'’])")
_EXPLETIVE_IT = re.compile(r"^It(?:\s+(?:is|was|'s|remains|remained|seems|seemed|appears|appeared|has been|had been|"
                           r"will be|would be|may be|could be|might be|looks|looked|became|becomes|takes|took|"
                           r"makes|made))\b.{0,60}?\b(?:that|whether|if|to|how|why|when|what|who|which)\b")
_PERSON_PRONOUN = {"He", "She", "His", "Her"}
_POSSESSIVE = {"His", "Her"}
SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s")
_SENTENCE_END = SENTENCE_END


def opening_pronoun(text: str) -> str | None:
    """The pronoun a sentence opens with when it needs an antecedent ("They said ...", "He added ..."); None
    for any other opening, and for an expletive "It is unclear whether ..."."""
    m = _ANAPHORIC.match(text)
    if m is None or (m.group(0) == "It" and _EXPLETIVE_IT.match(text)):
        return None
    return m.group(0)


def previous_sentence(article_text: str, pos: int) -> tuple[int, int]:
    """The span of the sentence right before offset ``pos`` (found by punctuation, as the verifier finds it)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(article_text, 0, max(0, pos - 1))]
    start = ends[-1] if ends else 0
    return start, pos


_REPORTING = re.compile(r"\b(?:said|says|told|tells|added|adds|wrote|writes|noted|warned|announced|explained)\b")
SUBJECT_WORDS = 6  # a person named within the first words of a sentence is most often its subject


def subject_like(article_text: str, p0: int, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of the sentence beginning at ``p0`` reads as its subject or speaker:
    among its first SUBJECT_WORDS words, or within three words of a reporting verb, and not a possessive
    ("knocked Taylor Swift's song off the top" names no one a next "She" refers to)."""
    if re.match(r"['’]s\b", article_text[end:end + 3]):
        return False
    if len(article_text[p0:start].split()) < SUBJECT_WORDS:
        return True
    near = " ".join(article_text[p0:start].split()[-3:]) + " " + " ".join(article_text[end:].split()[:3])
    return bool(_REPORTING.search(near))


def antecedent_edit(text: str, at: int, sent_start: int, article_text: str, entities: list[Entity],
                    sentences: list[Sentence], named: set[str]) -> Edit | None:
    """``He``/``She`` (or ``His``/``Her``) opening the sentence (at ``at``, after a cut dateline) -> the one
    person the sentence right before names, by the full name the article gave earlier (by surname once
    introduced; ``'s`` for His/Her); None when that sentence names no person, or more than one."""
    pronoun = text[at:].split(" ", 1)[0]
    if pronoun not in _PERSON_PRONOUN:
        return None
    pos = article_text.find(text)  # the verifier finds the sentence so, and checks the same rule
    if pos < 0:
        return None
    p0, p1 = previous_sentence(article_text, pos)
    people = [e for e in entities if e.label == "PERSON" and p0 <= e.start and e.end <= p1]
    names = {(e.actor or e.text).strip() for e in people}
    if len(names) != 1 or not any(subject_like(article_text, p0, e.start, e.end) for e in people):
        return None
    full = max([*names, *(e.text for e in people)], key=lambda n: len(n.split()))
    surname = full.split()[-1] if full else ""
    at_name = article_text.rfind(full, 0, pos) if len(full.split()) >= 2 else -1
    if at_name < 0 or surname not in article_text[p0:p1]:
        return None
    new = surname if full in named else full
    named.add(full)
    if pronoun in _POSSESSIVE:
        new += "'s"
    return Edit("antecedent", at, at + len(pronoun), new, (at_name, at_name + len(full)))


# what an apposition after a name is when it is no role: a relative clause, a verb, a conjunction
_NOT_ROLE_OPENING = {"who", "which", "whose", "whom", "that", "said", "says", "told", "and", "but", "or", "as",
                     "when", "where", "while", "according", "who's", "now", "then", "also", "however", "not"}


def is_role(phrase: str) -> bool:
    """Whether an apposition after a full name reads as the person's role ("director of Costa Rica Civil
    Aviation", "a minister with a connection to make"), not a clause ("who was at the scene"), and holds
    none ("an Astros physician who did not attend the parade": cutting it would cut a fact)."""
    words = phrase.split()
    first = words[1] if words and words[0] in {"the", "a", "an"} and len(words) > 1 else (words[0] if words else "")
    return (bool(first) and first.lower() not in _NOT_ROLE_OPENING and not re.search(r"\d|[\"“”]", phrase)
            and not re.search(r"\b(?:who|whom|whose|which|that|where|when)\b", phrase))  # a clause: more than a role


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the name word at ``start:end`` of ``text`` is used alone ("Cubillo said", "Mr Cubillo"): no
    capitalised word right before it but an honorific, none right after it (not "Shane Perry", "Perry
    Jones")."""
    before = re.search(r"([A-Z][\w.'’-]*)\s+$", text[max(0, start - 30):start])
    if before and not re.fullmatch(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Mx)\.?", before.group(1)):
        return False
    after = text[end:end + 5]
    return re.match(r"(?:[’']s)?\s+[A-Z][a-z]|-[A-Z]", after) is None


@dataclass
class Edit:
    kind: str  # dateline | connective | date | speaker | antecedent | name | role | surname
    start: int  # span in the original sentence
    end: int
    replacement: str
    evidence: tuple[int, int] | None = None  # offsets in the article of what justifies the replacement
    article_id: str | None = None  # the article of the evidence when it is not the sentence's own (a name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def outside_quotes(text: str) -> str:
    """The sentence with each quotation reduced to one quote mark (so "..., " he said keeps its shape)."""
    return _QUOTED.sub('"', text)


# A picture agency's credit glued to its caption ("Reuters Equifax claimed ..."): the agency, then at once a
# capitalised word that is not part of the agency's own name.
_CREDIT_CAPTION = re.compile(r"^(?:Reuters|AFP|Getty Images|Getty|EPA|Alamy|Rex Features|Shutterstock|PA Wire)"
                             r"\s+(?!News\b|Photo|Pictures?\b|Images?\b|Breakingviews\b)[A-Z]")
# A crosshead run into the text ("... affected: CHECK YOUR CREDIT SCORE Check your file ..."): three
# capitalised words in a row outside quotes, two of them of four letters or more (acronyms are short).
_CROSSHEAD = re.compile(r"\b[A-Z]{2,}(?:['’][A-Z]+)?(?:\s+[A-Z]{2,}(?:['’][A-Z]+)?){2,}\b")


# A page's time stamp ("Mon, July 18, 2016") inside a sentence: the line is a gallery's or player's metadata.
_TIMESTAMP = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|"
                        r"Dec)[a-z]*\.?\s+\d{1,2},\s+(?:19|20)\d\d\b")


def _crosshead(outside: str) -> bool:
    return any(sum(len(w) >= 4 for w in m.group(0).split()) >= 2 for m in _CROSSHEAD.finditer(outside))


def unclosed_quote(text: str) -> bool:
    """A quotation opened and not closed in the sentence (it goes on in the next one), or closed and never
    opened (it began in the sentence before): shown alone, the reader cannot tell where the words begin or
    end."""
    if text.count("“") > text.count("”") or text.count('"') % 2:
        return True
    opened = list(re.finditer(r"(?:^|[\s(\[:,—–-])['‘](?=[A-Z0-9])", text))
    if not opened:  # a quotation closed that this sentence never opened ("... another,' Musk posted.")
        return bool(re.search(r"[.,!?]['’](?=\s|$)", text))
    return not re.search(r"[\w.,!?;)]['’](?=[\s,.;:!?)—–-]|$)", text[opened[-1].end():])


# A social-media post embedded in the page: its paragraph ends with the post's signature ("— Jane Roe
# (@janeroe) December 2, 2017"), or opens an Instagram-style credit ("A post shared by Jane Roe (@janeroe)").
# Every sentence of that paragraph is the poster's own words shown without quotation marks or a speaker.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_POST_SIGNATURE = re.compile(r"[—–-]\s*[^()\n]{1,80}\(@\w{1,30}\)\s+" + _MONTH + r"\s+\d{1,2},\s+(?:19|20)\d\d\s*$")
_POST_CREDIT = re.compile(r"\bA post shared by\b[^\n]{0,80}\(@\w{1,30}\)")


def embedded_post(article_text: str, start: int, end: int) -> bool:
    """Whether the sentence at ``start:end`` of the article stands in an embedded social-media post."""
    lo = article_text.rfind("\n", 0, start) + 1
    hi = article_text.find("\n", end)
    para = article_text[lo:hi if hi >= 0 else len(article_text)]
    return bool(_POST_SIGNATURE.search(para) or _POST_CREDIT.search(para))


def reject_reason(text: str) -> str | None:
    """Why a reader would not accept this sentence in a brief (None when it can stand)."""
    outside = outside_quotes(text)
    if "?" in outside:
        return "question"
    if _CAPTION.search(text) or text.startswith("CLOSE "):  # "CLOSE": a video player's caption
        return "caption or credit"
    if _CREDIT_CAPTION.match(text) or _crosshead(outside) or _TIMESTAMP.search(text):
        return "caption or crosshead"
    if unclosed_quote(text):
        return "unclosed quotation"
    if unattributed_first_person(text):
        return "first person without a speaker"
    if not re.sub(r"[\W_]+", "", _SINGLE_QUOTED.sub("", outside.replace('"', ""))):
        return "quotation without a speaker"  # the whole sentence is someone's words: whose?
    return None


def apply_edits(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: -e.start):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def dateline_edit(text: str) -> Edit | None:
    m = _DATELINE.match(text)
    if m is None or len(text.split()) - len(text[:m.end()].split()) < 4:
        return None
    if not (text[m.end()].isupper() or text[m.end()] in "\"“"):
        return None
    return Edit("dateline", 0, m.end(), "")


def connective_edit(text: str, after: int = 0) -> Edit | None:
    """Drop "But", "However," ... at the start (after ``after`` characters already cut); recapitalise."""
    m = _CONNECTIVE.match(text[after:])
    if not m:
        return None
    nxt = text[after + m.end()]
    if not nxt.isalpha() and nxt not in "\"“":
        return None
    end = after + m.end() + (1 if nxt.isalpha() else 0)
    return Edit("connective", after, end, nxt.upper() if nxt.isalpha() else "")


def looks_ahead(text: str) -> bool:
    """Whether any part of the sentence looks ahead ("would begin ... Tuesday"). Wider than the resolver's
    clause-level rule (``dates._looks_ahead``, which reads such a weekday forward): the writer uses it to
    leave a weekday unanchored whenever the sentence might be about a plan."""
    return bool(_FUTURE.search(outside_quotes(text)))


def date_edits(text: str, published: str | None) -> list[Edit]:
    """``on Wednesday`` -> ``on Wednesday, 27 December``: the day resolved from the publication date."""
    pub = parse_reference(published)
    if pub is None:
        return []
    out = []
    if looks_ahead(text):
        return []  # "would begin ... Tuesday": the resolver looks back, the sentence looks ahead
    for m in find_dates(text, pub):
        if m.granularity != "day" or not _WEEKDAY.match(m.text.strip()):
            continue
        if re.match(r"['’]s\b", text[m.end:m.end + 3]):
            continue  # "Sunday's crash" stays as written ("Sunday, 31 December's crash" reads badly)
        if not dt.timedelta(0) <= pub - m.date <= dt.timedelta(days=ANCHOR_DAYS):
            continue  # six days back is most often the day after publication in another time zone
        follow = text[m.end:m.end + 12]
        if re.match(r"\s*,?\s*(?:\d|[A-Z][a-z]+ \d)", follow):
            continue  # already dated
        if re.match(r"\s+(?:morning|afternoon|evening|night|noon|midnight)\b", follow, re.I):
            continue  # "Sunday, 31 December morning" reads badly; "Sunday morning" stays as written
        out.append(Edit("date", m.end, m.end, f", {m.date.day} {m.date.strftime('%B')}"))
    return out


def speaker_edits(text: str, sent_start: int, quotes: list[Quote], named: set[str],
                  article_text: str = "", entities: list[Entity] | None = None) -> list[Edit]:
    """A pronoun speaker -> the full name (and, the first time, the role) the same article gives. With the
    article's ``entities``, the resolved actor only when no other person (one the article calls by surname
    somewhere) is named after it and before the pronoun (``referent``); else that person, or no one."""
    out = []
    for q in quotes:
        if q.speaker_start is None or q.speaker_end is None or not q.speaker or not q.actor:
            continue
        if q.speaker.lower() not in _PRONOUNS or " " not in q.actor.strip():
            continue
        s, e = q.speaker_start - sent_start, q.speaker_end - sent_start
        if not (0 <= s < e <= len(text)) or text[s:e] != q.speaker:
            continue
        before = text[:s].rstrip()
        speaking = _CUE_AFTER.match(text, e) and (not before or before[-1] in ",\"”") or (
            re.search(r"\b(?:said|says|added)\s*$", before) and text[e:e + 1] in {",", "."})
        if not speaking:  # "he" inside what was said ("said that he is ...") is not the speaker
            continue
        name = q.actor.strip()
        at = article_text.find(name)
        if at < 0:
            continue  # the article never names the speaker in full
        if entities is not None:  # "he" after "Musk tweeted" is not the David Bowie a sentence before names
            people = {n for e in entities if e.label == "PERSON" for n in (e.text.strip(), (e.actor or "").strip())
                      if len(n.split()) >= 2 and _by_surname(n, article_text)}
            who = referent(article_text, sent_start + s, name, people, sent_start)
            if who is None:
                continue
            if who != name:
                name, at = who, article_text.find(who)
        if article_text and not pronoun_refers_to(name, article_text, sent_start, sent_start + s):
            continue
        role = (f", {q.role}," if q.role and q.role in article_text and _ends_mid(text, e)
                and name == q.actor.strip() else "")
        new = name.split()[-1] if name in named else name + role  # introduced once, by surname after
        if s == 0 or text[s - 1] in "\"“":
            new = new[0].upper() + new[1:]
        named.add(name)
        out.append(Edit("speaker", s, e, new, (at, at + len(name))))
    return out


SPEAKER_SENTENCES_BACK = 3  # a pronoun speaker's name stands at most this many sentences before it


def referent(article_text: str, at: int, actor: str, people: set[str], sent_start: int = 0) -> str | None:
    """Whom a speaker pronoun at offset ``at`` refers to: the resolver's ``actor``, unless another of
    ``people`` (full names) is named after the actor's last mention (by full name or surname, outside the
    quotation of the pronoun's own sentence, which begins at ``sent_start``): then that person, the one
    named last, when within SPEAKER_SENTENCES_BACK sentences, else no one. "Its cargo? A Tesla Roadster with
    David Bowie on the stereo. ... Musk tweeted late Friday. 'Will have double thrust ...,' he said": Musk."""
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(article_text, sent_start, at)]

    def last(name: str) -> int:
        found = [m.start() for word in {name, name.split()[-1]}
                 for m in re.finditer(rf"\b{re.escape(word)}\b", article_text[:at])
                 if not any(a <= m.start() < b for a, b in quoted)]
        return max(found, default=-1)

    mine = last(actor)
    later = {p: k for p in people if p != actor and p.split()[-1] != actor.split()[-1] and (k := last(p)) > mine}
    if not later:
        return actor
    who = max(later, key=lambda p: later[p])
    if sum(k == later[who] for k in later.values()) > 1 or not _within(article_text, later[who], at):
        return None
    return who


def _by_surname(name: str, article_text: str) -> bool:
    """Whether the article calls the person ``name`` by surname alone somewhere ("Musk tweeted"): a person
    of its story, not a name an entity tagger read into "Common Sense" or a singer named once in passing."""
    surname = name.split()[-1]
    return any(stands_alone(article_text, m.start(), m.end())
               for m in re.finditer(rf"\b{re.escape(surname)}\b", article_text))


def _within(article_text: str, mention: int, at: int) -> bool:
    """Whether offset ``mention`` lies in the sentence of ``at`` or the SPEAKER_SENTENCES_BACK before it."""
    p0 = at
    for _ in range(SPEAKER_SENTENCES_BACK + 1):
        if p0 <= 0:
            break
        p0 = previous_sentence(article_text, p0)[0]
    return mention >= p0


def pronoun_refers_to(name: str, article_text: str, sent_start: int, at: int) -> bool:
    """Whether a speaker pronoun at offset ``at`` (in the sentence that begins at ``sent_start``) can refer to
    the person ``name``: their surname (the name's last word, or for a family name written first its first)
    is named in the SPEAKER_SENTENCES_BACK sentences before or in this one before the pronoun. The
    resolver's actor alone is not enough: it has named a singer an article mentions two sentences up for a
    quote of the man the sentence before names."""
    p0 = sent_start
    for _ in range(SPEAKER_SENTENCES_BACK):
        if p0 <= 0:
            break
        p0 = previous_sentence(article_text, p0)[0]
    window = article_text[p0:at]
    words = name.split()
    return any(re.search(rf"\b{re.escape(w)}\b", window) for w in {words[-1], words[0]} if len(w) > 1)


def _ends_mid(text: str, end: int) -> bool:
    return end < len(text) and text[end] == " "


def opening(text: str) -> int:
    """Where the sentence's own words begin once a wire dateline and a dangling connective are cut."""
    cut = dateline_edit(text)
    conn = connective_edit(text, cut.end if cut else 0)
    return conn.end - len(conn.replacement) if conn else cut.end if cut else 0


def edits_for(text: str, sent_start: int, published: str | None, quotes: list[Quote],
              named: set[str], article_text: str = "", entities: list[Entity] | None = None,
              sentences: list[Sentence] | None = None) -> list[Edit]:
    """All edits the writer makes to one source sentence (``sent_start`` is its offset in the article).
    ``published`` None: no day is anchored (a late copy's date is a re-dating); with the article's
    ``entities`` and ``sentences``, an opening He/She is named after the person the sentence before names."""
    edits: list[Edit] = []
    cut = dateline_edit(text)
    if cut:
        edits.append(cut)
    conn = connective_edit(text, cut.end if cut else 0)
    if conn:
        edits.append(conn)
    at = opening(text)
    if entities is not None and sentences is not None and opening_pronoun(text[at:]) and not conn:
        ante = antecedent_edit(text, at, sent_start, article_text, entities, sentences, named)
        if ante:
            edits.append(ante)
    taken = [(e.start, e.end) for e in edits]
    for e in date_edits(text, published) + speaker_edits(text, sent_start, quotes, named, article_text, entities):
        if not any(s < e.end and e.start < t or e.start == s for s, t in taken):
            taken.append((e.start, e.end))
            edits.append(e)
    for e in edits:
        if e.evidence is None:
            e.evidence = (sent_start + e.start, sent_start + e.end)
    return edits


# Someone's own words without quotation marks or a speaker: a tweet ("Felt we should just tell y'all ..."), a
# company's statement ("... a tiny fraction of our employees ..."), a page's own notice ("not in our
# deliverable area") or the writer's voice ("As we cross over into 2018 ..."). Shown alone, the reader cannot
# tell whose "I" or "we" it is. Quotations (double or single marks) are left out before the test, and a
# sentence with a reporting verb keeps its unmarked reported words ("We will not move, he said").
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[:,—–-]))['‘](?:[^'‘’]|(?<=\w)['’](?=\w))*?[\w.,!?]['’]"
                            r"(?=[\s,.;:!?)—–-]|$)")
# the "our" of all of us, which a reader accepts from any writer: "planets outside our galaxy"
_INCLUSIVE = re.compile(r"\bour\s+(?:own\s+)?(?:galaxy|planet|solar system|Milky Way|swirling Milky Way|sun|moon|"
                        r"skies|sky|world|species|oceans?|atmosphere|universe)\b")
_FIRST_PERSON = re.compile(r"\bI(?:['’](?:m|ve|d|ll))?\b(?![.'’-])|\b(?:me|my|mine|myself|we|us|our|ours|ourselves)\b|"
                           r"^(?:Me|My|We|Us|Our)\b|\b[Ww]e['’](?:re|ve|d|ll)\b")
_NUMERAL_BEFORE = re.compile(r"\b(?:War|Phase|Type|Class|Stage|Part|Title|Chapter|Article|Grade|Level|Tier|Act)\s+$")
# the acts of saying both this test and the sections' attribution test read (``sections.ATTRIBUTION``)
SAYING = ("said", "says", "told", "according to", "stated", "wrote", "writes")
_REPORTING = re.compile(r"(?i)\b(?:" + "|".join(SAYING + (
    "say", "tells", "tweeted", "posted", "added", "adds", "explained", "insisted", "announced", "asked", "replied",
    "recalled", "declared")) + r")\b")


def unattributed_first_person(text: str) -> bool:
    """First person outside any quotation, in a sentence that names no act of saying."""
    outside = _INCLUSIVE.sub("", _SINGLE_QUOTED.sub("'", outside_quotes(text)))
    if _REPORTING.search(outside):
        return False
    for m in _FIRST_PERSON.finditer(outside):
        if m.group(0) == "I" and _NUMERAL_BEFORE.search(outside[:m.start()]):  # "World War I", "Phase I"
            continue
        return True
    return False
