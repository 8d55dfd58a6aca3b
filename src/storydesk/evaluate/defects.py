"""The reader-defect checker: what a reader notices in a brief, class by class.

It reads a finished brief (and the story's articles) the way a journalist would and lists, per class, the
sentences that fail. It shares no rule with the writer (brief/), so a writer bug is not hidden by the
same bug here. Classes (issue 15): questions outside quotes, captions and gallery/video blurbs, wire
datelines, repeated or near-duplicate sentences, unnamed speakers, figure lines without a figure,
mislabelled single source, timeline repeats, uncited sources, a lede not on the latest development,
sentences about another event outside Background, quotations opened and never closed in the sentence
(an added class: the speaker's words run on into a sentence the brief does not show), sentences opening with
a pronoun the brief gives no antecedent for, dates taken from a re-dated late copy
(``stories.developments.redated``), and a person met by title and surname ("Mr Cubillo said") before the
brief gives the full name the article gives, and a look ahead from an earlier development shown outside a
dated line ("X is scheduled to testify" after the testimony), and a "reaction" that responds to nothing
(session 4).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..brief.select import cosines, tfidf_matrix
from ..dates import find_dates, parse_reference
from ..model import Article, Brief, BriefSentence
from ..stories.developments import developments, redated

CLASSES = ["question", "caption", "dateline", "repeat", "unnamed_speaker", "figure_without_figure",
           "figure_lumped", "figure_split", "single_source_label", "timeline_repeat", "uncited_source",
           "lede_not_latest", "other_event", "unclosed_quote", "pronoun_opening", "redated_date",
           "first_person", "surname_first", "stale_future", "not_a_reaction", "earlier_no_event",
           "embedded_post", "reintroduced"]
NEAR_DUPLICATE = 0.7  # TF-IDF cosine at which two brief sentences say the same thing
OTHER_EVENT_DAYS = 30  # a sentence dated this long before the story began is about another event

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_CAPTION = re.compile(
    r"^CLOSE\b|(?i:^(photos?|pictures?|video|watch|gallery|image|file photo|slideshow)\s*[:|-]|"
    r"\b(is|are) (seen|pictured|shown)\b|\bpictured\b|\bjoins? (the show|us|cnn|msnbc)\b|"
    r"\b(AP|AFP|Reuters|Getty Images|EPA|Yonhap)\s*(Photo|/)|\bphoto(graph)? (by|courtesy)\b|"
    r"\bcan be seen\b|\bclick (here|to)\b|\bread more\b|\bwatch the (video|clip)\b|\bsubscribe\b|"
    r"^by [A-Z][a-z]+ [A-Z][a-z]+\b|^file\s*[-—–:]|\bin this\b.{0,60}?\b(photo|image|picture)\b)"
)
# a photo agency's name glued to a caption, and a crosshead of capitals run into the text
_AGENCY_THEN_CAPTION = re.compile(r"(?:Reuters|AFP|Getty(?: Images)?|EPA|Alamy|Rex(?: Features)?|Shutterstock)"
                                  r" (?!News|Photo|Picture|Image|Breakingviews)[A-Z][a-z]")


# a page's time stamp inside a sentence ("... Mon, July 18, 2016 ..."): gallery or video metadata
_SYNDICATION_FOOTER = re.compile(r"(?i)\b(?:originally|first) appeared (?:on|in) \S|\bappeared first on\b")
_FUNCTION_WORDS = ("In|At|From|The|But|And|Of|To|On|By|For|With|As|Meanwhile|Where|When|While|Near|Outside|"
                   "Inside|After|Before|Since|Across|Against|Over|Under|Then|So|If|Also|Both|Only|Even|Said|Says")
_STAMP = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?, "
                    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b")


def _caps_run(outside: str) -> bool:
    run: list[str] = []
    for word in [w.strip(",.;:()") for w in outside.split()] + [""]:
        if len(word) >= 2 and word.replace("'", "").replace("’", "").isalpha() and word.isupper():
            run.append(word)
            continue
        if len(run) >= 3 and sum(len(w) >= 4 for w in run) >= 2:
            return True
        run = []
    return False


def _quote_left_open(text: str) -> bool:
    doubles = text.count('"')
    if doubles % 2 == 1 or text.count("“") != text.count("”"):
        return True
    opening = list(re.finditer(r"(?<![\w])['‘](?=[A-Z0-9])", text))
    if not opening and re.search(r"[.,!?]['’](?:\s|$)", text):
        return True  # closed, never opened: the quotation began in the sentence before
    for m in opening:  # a single quote opening a quotation
        rest = text[m.end():]
        if not re.search(r"(?<=[a-z0-9.,!?])['’](?![a-z])", rest):
            return True
    return False


_DATELINE = re.compile(
    r"^\s*(?:\([A-Z][A-Za-z]*\)\s*[-—–:]|"  # "(CNN) -"
    r"[A-Z][A-Z .'/,]{2,}(?:,\s*[A-Z][A-Za-z0-9. ]+){0,2}\s*(?:\([A-Za-z .]+\))?\s*[-—–:]|"
    r"[A-Z][\w.' ]+(?:,\s*[A-Z][\w. ]+)?\s*\((?:CNN|AP|AFP|Reuters|UPI|Xinhua|Yonhap|TASS|RT)\))"
)
_PRONOUN_SPEAKER = re.compile(r"^It\s+(?:said|says)\b|"
                              r"(?:[,\"”]\s*|^)(?i:he|she|they)\s+(?:said|says|added|told|noted|warned|wrote)\b|"
                              r"\b(?:said|says|added)\s+(?:he|she)[,.]")
_SURNAME_SPEAKER = re.compile(r"[,\"”]\s*(?P<n1>[A-Z][a-z'-]+)\s+(?:said|says|added|told|noted|warned|wrote)\b|"
                              r"\b(?:said|says|added)\s+(?P<n2>[A-Z][a-z'-]+)[,.]")
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|double|triple|tens)\b", re.I)
_NUMERAL = re.compile(r"(?i)^(?:[\d.,]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                      r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|a|an|"
                      r"of|about|around|roughly|nearly|almost|some|up|to|at|least|more|than|over|under|below|"
                      r"above|just|some|approximately|estimated|could|swell|reach|-)$")
# Ways outlets name one thing differently (the checker's own list, not the writer's).
_SAME_THING = [{"oil", "petroleum", "petrol", "crude", "fuel"}, {"troop", "soldier"}, {"ship", "vessel"},
               {"ton", "tonne"}, {"km", "kilometer", "kilometre"}, {"cm", "centimeter", "centimetre"},
               {"m", "meter", "metre"}, {"mi", "mile"}, {"ft", "foot", "feet"}, {"lb", "pound"}, {"kg", "kilogram"},
               {"dead", "death", "killed"}, {"people", "person"}]
_FATE = [("killed", re.compile(r"(?i)\b(killed|killing|dead|died|deaths?)\b")),
         ("hurt", re.compile(r"(?i)\b(injured|injuring|wounded|hurt)\b"))]
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "A", "An", "This", "That", "Officials", "Police",
              # "said Tuesday, 14 November": a day, not a surname
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Yesterday",
              "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"}
# A sentence opening with a pronoun whose antecedent the brief does not give (the checker's own pattern; an
# "It" that introduces a clause, "It is unclear whether", refers to nothing and is fine).
_OPENS_PRONOUN = re.compile(r"^(?:He|She|They|It|His|Her|Their|Its|Them)\b(?![-'’])")
_IT_CLAUSE = re.compile(r"^It\s+(?:is|was|'s|remains|remained|seems|seemed|appears|appeared|has been|had been|"
                        r"will be|would be|may be|could be|might be|looks|looked|became|becomes|takes|took|makes|"
                        r"made)\b.{0,60}?\b(?:that|whether|if|to|how|why|when|what|who|which)\b")
# what a sentence says is still to come (the checker's own list): stale when an earlier development said it
_AHEAD = re.compile(r"(?i)\b(?:will|shall|won't|(?:is|are) (?:scheduled|expected|set|due|slated|going|poised) to|"
                    r"plans? to|next week|next month|tomorrow|later this week)\b|\w'll\b")
# a reaction responds to the event (the checker's own stems): a detail an official gives of it is none
_RESPONDS = re.compile(r"(?i)\b(?:condemn|denounc|welcom|critici|critic|prais|hail|applau|urg|call\w* (?:for|on)|"
                       r"demand|reject|den[iy]|dismiss|vow|pledg|express|regret|mourn|slam|blast|warn|threat|"
                       r"protest|accus|blam|oppos|respon|react|apolog|thank|congrat|defen|declin|disappoint|outrag|"
                       r"appeal|insist|refus|sympath|solidar|tribut|shock|dismay|ridicul|question|doubt|sanction|"
                       r"ban|su(?:e|ed|ing)\b|fine[ds]?\b|support|backed|blacklist)\w*")
# words that start like a response and are none ("around Thanksgiving", "the defendant", "the reactor")
_LOOKALIKE = re.compile(r"(?i)^(?:thanksgiv|defendant|reactor|respondent|urgen|bank|band|banner|bandwidth|warner|"
                        r"doubtless|hailey|questionnaire|threaten(?:ed)? species|supporter)")


def _responds(text: str) -> bool:
    return any(not _LOOKALIKE.match(m.group(0)) for m in _RESPONDS.finditer(text))


# an "Earlier" line must report a development: not a feature's scene ("Ever since ...", "If ...", a quotation)
_SCENE = re.compile(r"^(?:[\"“‘']|(?i:if|when|since|ever since|once|while|although|as|because|imagine|like)\b)")
_DONE = re.compile(r"(?i)\b\w+ed\b|\d|\b(?:said|says|told|lost|made|took|won|hit|fell|came|went|became|found|held|"
                   r"saw|sent|struck|wrote|broke|ran|led|met|paid|sold|rose|flew|has|have|had|"
                   r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|week|month)\b")
# "could not be reached for comment", "did not respond to requests": silence, not a reaction
_SILENT = re.compile(r"(?i)\b(?:not|n't)\b[^.]{0,25}\b(?:respond|reached|comment|return)")
# "Mr Cubillo said ..." before the brief has given the man's full name (the checker's own pattern)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+(?P<n>(?:Mc|Mac|O'|O’)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_DAY_WRITTEN = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b|"
                          r"\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\d{4}-\d\d-\d\d")


# first person outside quotation marks with no act of saying in the sentence: whose "I" or "we" is it?
_SINGLE = re.compile(r"(?:^|(?<=\s))['‘](?:[^'‘’]|(?<=[A-Za-z])['’](?=[a-z]))+['’](?=[\s,.;:!?]|$)")
_ALL_OF_US = ("galaxy", "planet", "solar", "milky", "sun", "moon", "sky", "skies", "world", "species", "ocean",
              "oceans", "atmosphere", "universe")
_FIRST = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "i'm", "i've", "i'd", "i'll",
          "we're", "we've", "we'd", "we'll"}
_SAYING = {"said", "says", "say", "told", "tells", "wrote", "writes", "tweeted", "posted", "added", "adds",
           "stated", "explained", "insisted", "announced", "according", "asked", "replied", "recalled", "declared"}


# the checker's own reading of an embedded social-media post: a paragraph that signs off with a handle and a
# date ("... (@someone) March 3, 2030") or credits one ("A post shared by ... (@someone)")
_POST = re.compile(r"\(@[A-Za-z0-9_]+\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s*$"
                   r"|A post shared by [^\n]*\(@[A-Za-z0-9_]+\)")


def _in_post(article: Article | None, start: int | None) -> bool:
    if article is None or start is None:
        return False
    text = article.text
    lo, hi = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    return bool(_POST.search(text[lo:hi if hi >= 0 else len(text)]))


def _first_person(text: str) -> bool:
    outside = _SINGLE.sub("'", _QUOTED.sub('"', text)).replace("’", "'")
    words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", outside)
    lower = [w.lower() for w in words]
    if _SAYING & set(lower):
        return False
    for k, w in enumerate(words):
        if w.lower() == "our" and any(x.lower() in _ALL_OF_US for x in words[k + 1:k + 3]):
            continue  # "our galaxy": the "our" of all of us
        if w.lower() in _FIRST and w not in {"US", "I"}:
            return True
        if w == "I" and not (k and words[k - 1][:1].isupper()):  # "World War I", "Phase I"
            return True
    return False


# A person introduced again: a full name with its role in apposition ("Enio Cubillo, director of the civil
# aviation agency,") after an earlier sentence of the brief gave that full name with a role (the checker's
# own patterns and role nouns; a company's apposition, "Nature Air, a local airline,", names no role).
_PERSON_ROLE = re.compile(r"(?i)\b(?:director|head|chief|spokes(?:man|woman|person)|minister|president|premier|"
                          r"chair(?:man|woman)?|secretary|governor|mayor|senator|officer|official|ceo|founder|"
                          r"executive|manager|professor|analyst|expert|researcher|scientist|economist|lawyer|"
                          r"attorney|judge|leader|commander|general|ambassador|adviser|advisor|rabbi|pastor|priest|"
                          r"minister|member|owner|editor|reporter|correspondent|captain|pilot|author|actor|actress|"
                          r"singer|player|coach|mother|father|sister|brother|wife|husband|son|daughter|aunt|uncle|"
                          r"cousin|friend|neighbou?r|witness|resident|student|teacher|doctor|nurse|survivor)s?\b")
_APPOSED = re.compile(r"\b(?P<name>[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}), (?P<role>(?:the |a |an )?"
                      r"[a-z][^,;:\"“”()]{2,120}?)(?:,|(?=[.!]$))")
_ROLE_BEFORE = re.compile(r"\b(?P<role>[a-z][a-z-]+|President|Rabbi|Senator|Sen\.|Governor|Gov\.|Minister|Mayor|"
                          r"Judge|General|Gen\.|Ambassador|Director|Secretary|Chancellor|Pope|King|Queen|Prince|"
                          r"Professor|Prof\.|Dr\.?|Captain|Chief) "
                          r"(?P<name>[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3})")
_NOT_ROLE_BEFORE = {"said", "says", "told", "by", "and", "or", "with", "to", "of", "for", "from", "that", "as", "at",
                    "according", "on", "in", "when", "while", "but", "than", "like", "asked", "added", "wrote",
                    "thanked", "named", "called", "met", "identified", "is", "was", "whom", "who", "then"}


def _introductions(text: str) -> tuple[set[str], set[str]]:
    """(full names given with a role in this sentence, of those the ones whose role stands in apposition
    after the name), outside quotations."""
    outside = _QUOTED.sub('"', text)
    apposed = {m.group("name") for m in _APPOSED.finditer(outside) if _PERSON_ROLE.search(m.group("role"))}
    before = {m.group("name") for m in _ROLE_BEFORE.finditer(outside)
              if m.group("role") not in _NOT_ROLE_BEFORE and (m.group("role")[0].isupper()
                                                              or _PERSON_ROLE.fullmatch(m.group("role")))}
    return apposed | before, apposed


def _words(text: str) -> int:
    return len(text.split())


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def origin_outlets(article_ids: list[str], by_id: dict[str, Article]) -> set[str]:
    """The independent outlets behind some articles: a syndicated copy counts as its original's outlet."""
    out = set()
    for aid in article_ids:
        a = by_id.get(aid)
        if a is None:
            continue
        if a.duplicate_of and a.duplicate_of in by_id:
            a = by_id[a.duplicate_of]
        out.add(a.outlet or a.domain or a.id)
    return out


def _thing(text: str) -> tuple[str, str]:
    """(kind, noun) of a figure as written: money, percent or a count/measure, and the word it counts."""
    kind = "money" if re.search(r"[$€£¥]|\b(dollars?|euros?|pounds sterling|yuan|yen|won|rubles?)\b", text, re.I) \
        else "percent" if re.search(r"%|\bper ?cent\b", text, re.I) else "count"
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.]*|[\d.,]+", text) if not _NUMERAL.match(w)]
    noun = words[0 if re.search(r"\d-?[A-Za-z]", text) else -1].lower().rstrip(".") if words and kind == "count" else ""
    noun = noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun
    for group in _SAME_THING:
        if noun in group:
            noun = sorted(group)[0]
    return kind, noun


def _fate(article: Article | None, written: str) -> str | None:
    """Killed or hurt, read in the words right after (or before) the figure in its article."""
    if article is None or not written or (at := article.text.find(written)) < 0:
        return None
    after = article.text[at + len(written):at + len(written) + 25]
    before = article.text[max(0, at - 12):at]
    for window in (after, before):
        for name, rx in _FATE:
            if rx.search(window):
                return name
    return None


def _figure_defects(sents: list[BriefSentence], by_id: dict[str, Article], found: dict[str, list[str]]) -> None:
    """A figure line lumping two things (money with a count, tons with barrels, the dead with the hurt), and
    one thing split over two lines (the same value of the same thing)."""
    seen: dict[tuple[str, str, float], int] = {}
    for n, s in enumerate(sents):
        rows = (s.extra.get("figure") or {}).get("values") or [] if s.section == "figure" else []
        things = {_thing(str(r.get("text") or "")) for r in rows}
        kinds = {k for k, _ in things}
        nouns = {t for _, t in things if t}
        fates = {f for r in rows if (f := _fate(by_id.get(str(r.get("article_id"))), str(r.get("text") or "")))}
        if len(kinds) > 1 or len(nouns) > 1 or len(fates) > 1:
            found["figure_lumped"].append(s.text[:90])
        for r in rows:
            kind, noun = _thing(str(r.get("text") or ""))
            key = (kind, noun, float(r.get("value") or 0))
            if key in seen and seen[key] != n and (noun or kind != "count"):
                found["figure_split"].append(f"{r.get('text')} on two figure lines")
            seen.setdefault(key, n)


def _redated_defects(sents: list[BriefSentence], articles: list[Article], by_id: dict[str, Article],
                     found: dict[str, list[str]]) -> None:
    """A date a reader is given that only a re-dated late copy's publication date supports: a day anchored
    from it ("on Sunday, 14 January"), or a timeline date after the last development that the sentence does
    not write out."""
    late = redated(articles)
    if not late:
        return
    bursts = developments(articles)
    end = max((d for a in (bursts[-1] if bursts else []) if (d := parse_reference(a.published_at))), default=None)
    for s in sents:
        src = _source_article(s, by_id)
        if src is None or src.id not in late:
            continue
        if any(e.get("kind") == "date" for e in s.extra.get("edits") or []):
            found["redated_date"].append(f"day anchored on a re-dated article: {s.text[:70]}")
        day = parse_reference(str(s.extra.get("date") or "")) if s.section == "timeline" else None
        if day and end and day > end + dt.timedelta(days=1) and not _DAY_WRITTEN.search(s.text):
            found["redated_date"].append(f"{day} from a re-dated article: {s.text[:70]}")


def _source_article(s: BriefSentence, by_id: dict[str, Article]) -> Article | None:
    for sup in s.support:
        if sup.article_id in by_id and " ".join(sup.sentence.split()) == " ".join(
                str(s.extra.get("original", s.text)).split()):
            return by_id[sup.article_id]
    return by_id.get(s.citations[0]) if s.citations else None


def brief_defects(brief: Brief, articles: list[Article]) -> dict[str, list[str]]:
    """Per class, the offending sentences (or source ids) of one brief."""
    by_id = {a.id: a for a in articles}
    found: dict[str, list[str]] = {c: [] for c in CLASSES}
    sents = brief.sentences
    start = min((d for a in articles if (d := parse_reference(a.published_at))), default=None)
    introduced: set[str] = set()
    for s in sents:
        text = s.text
        short = text[:90]
        outside = _QUOTED.sub('"', text)
        if "?" in outside:
            found["question"].append(short)
        if (_CAPTION.search(text) or _AGENCY_THEN_CAPTION.match(text) or _caps_run(outside)
                or _STAMP.search(text) or _SYNDICATION_FOOTER.search(text)):
            found["caption"].append(short)
        if _quote_left_open(text):
            found["unclosed_quote"].append(short)
        if _DATELINE.match(text):
            found["dateline"].append(short)
        if _PRONOUN_SPEAKER.search(outside) and s.section != "timeline":
            found["unnamed_speaker"].append(short)
        if not re.sub(r"[\W_]+", "", _SINGLE.sub("", outside).replace('"', "")):
            found["unnamed_speaker"].append(short)  # nothing but a quotation: no speaker at all
        for m in _SURNAME_SPEAKER.finditer(text):
            name = m.group("n1") or m.group("n2")
            if name and name not in _NOT_NAMES and name not in introduced and name[0].isupper():
                full = rf"\b[A-Z][a-z.]+\s+(?:[A-Z]\.\s+)?{re.escape(name)}\b"
                # a person the reader has not met: the cited article gives a first name the brief does not
                # ("Blake" for "Jonathan Blake"); a company or a city speaking ("Telegram wrote") has none
                cited_text = " ".join(by_id[c].text for c in s.citations if c in by_id)
                given = rf"\b(?!(?:{_FUNCTION_WORDS})\b)[A-Z][a-z]+ +(?:[A-Z]\.\s+)?{re.escape(name)}\b"
                if not re.search(full, text) and (not cited_text or re.search(given, cited_text)):
                    found["unnamed_speaker"].append(short)
        for m in _TITLED.finditer(outside):
            name = m.group("n")
            if name in introduced or re.search(rf"\b[A-Z][a-z]+\s+{re.escape(name)}\b", outside[:m.start()]):
                continue
            cited_text = " ".join(by_id[c].text for c in s.citations if c in by_id)
            if re.search(rf"\b(?!(?:{_FUNCTION_WORDS}|Mr|Mrs|Ms|Miss|Dr|Prof)\b)[A-Z][a-z]+ +{re.escape(name)}\b",
                         cited_text):
                found["surname_first"].append(short)
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
        introduced.update(w for a, b in zip(words, words[1:], strict=False) if a[0].isupper() and b[0].isupper()
                          for w in (a, b))
        if s.section == "figure" and not _NUMBER.search(text):
            found["figure_without_figure"].append(short)
        outlets = origin_outlets(_fact_citations(s), by_id)
        if s.extra.get("single_source") and len(outlets) > 1:
            found["single_source_label"].append(short)
        if s.section == "fact" and len(outlets) == 1 and not s.extra.get("single_source") and len(
                origin_outlets(list(by_id), by_id)) > 1:
            found["single_source_label"].append(short)
        src = _source_article(s, by_id)
        pub = parse_reference(src.published_at) if src else None
        if start and pub and s.section not in {"background", "timeline"}:
            original = str(s.extra.get("original", text))
            span = {"day": 1, "week": 7, "month": 31, "year": 366}
            days = [m.date + dt.timedelta(days=span[m.granularity]) for m in find_dates(original, pub)
                    if m.granularity in span]
            if days and max(days) < start - dt.timedelta(days=OTHER_EVENT_DAYS):
                found["other_event"].append(short)
        if s.section == "earlier" and (_SCENE.match(text) or not _DONE.search(text)):
            found["earlier_no_event"].append(short)
        if s.section == "reaction" and (not _responds(text) or _SILENT.search(text)):
            found["not_a_reaction"].append(short)
        if _OPENS_PRONOUN.match(text) and not (text.startswith("It") and _IT_CLAUSE.match(text)):
            found["pronoun_opening"].append(short)
        if _first_person(text):
            found["first_person"].append(short)
        if any(_in_post(by_id.get(sup.article_id), sup.start) for sup in s.support[:1]):
            found["embedded_post"].append(short)
    _redated_defects(sents, articles, by_id, found)
    _figure_defects(sents, by_id, found)
    # a person introduced twice with full name and role: read in order, an introduction in a shown sentence
    # counts for every later one, one in a sentence shown only with --full for the later hidden ones
    met: dict[str, bool] = {}  # full name -> introduced in a shown sentence
    for s in sents:
        if s.section == "timeline":
            continue
        hidden = bool(s.extra.get("more"))
        names, apposed = _introductions(s.text)
        for name in apposed:
            if name in met and (met[name] or hidden):
                found["reintroduced"].append(f"{name} introduced again: {s.text[:70]}")
        for name in names:
            met[name] = met.get(name, False) or not hidden
    # repeats: the same or nearly the same sentence twice, brief-wide
    texts = [s.text for s in sents]
    if len(texts) > 1:
        sim = cosines(m := tfidf_matrix(texts), m)
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                same = _norm(texts[i]) == _norm(texts[j]) or sim[i, j] >= NEAR_DUPLICATE
                if same:
                    cls = "timeline_repeat" if "timeline" in (sents[i].section, sents[j].section) else "repeat"
                    found[cls].append(texts[j][:90])
    dates = [str(s.extra.get("date"))[:10] for s in sents if s.section == "timeline"]
    found["timeline_repeat"] += [f"date {d} twice" for d in sorted({d for d in dates if dates.count(d) > 1})]
    for s in sents:
        d = parse_reference(str(s.extra.get("date") or ""))
        if s.section == "timeline" and start and d and d < start and not s.extra.get("background"):
            found["timeline_repeat"].append(f"{d} before the story began, not marked as background")
    cited = {c for s in sents for c in s.citations}
    apart = set(brief.coverage.get("also_covering") or [])
    for ref in brief.sources:
        if not ({ref.id, *ref.duplicates} & cited) and ref.id not in apart:
            found["uncited_source"].append(ref.id)
    bursts = developments(articles)
    if len(bursts) > 1:  # "X is scheduled to testify" from an earlier development, shown as if still to come
        latest_ids = {a.id for a in bursts[-1]}
        for s in sents:
            src = _source_article(s, by_id)
            if (s.section not in {"earlier", "background", "timeline"} and src is not None
                    and not ({src.id, *s.citations} & latest_ids) and _AHEAD.search(_QUOTED.sub('"', s.text))):
                found["stale_future"].append(s.text[:90])
    lede = next((s for s in sents if s.section == "lede"), None)
    late = redated(articles)
    if lede is not None and (len(bursts) > 1 or late):  # a late copy's re-dated news is not the latest either
        src = _source_article(lede, by_id)
        if src is None or src.id not in {a.id for a in bursts[-1]} or src.id in late:
            found["lede_not_latest"].append(lede.text[:90])
    return found


def body_words(brief: Brief) -> int:
    """Words a reader sees by default in everything but the timeline and the sources (``--full`` shows
    the sentences marked ``more`` too)."""
    return sum(_words(s.text) for s in brief.sentences if s.section != "timeline" and not s.extra.get("more"))


def multi_outlet_share(brief: Brief, articles: list[Article]) -> tuple[int, int]:
    """(key facts citing 2+ independent outlets, key facts)."""
    by_id = {a.id: a for a in articles}
    facts = [s for s in brief.sentences if s.section == "fact"]
    return sum(len(origin_outlets(_fact_citations(s), by_id)) >= 2 for s in facts), len(facts)


def _fact_citations(s: BriefSentence) -> list[str]:
    """The citations that state the sentence: not an article cited only for a person's role
    (``extra["role_from"]``), which corroborates nothing else."""
    only_role = set(s.extra.get("role_from") or ())
    return [c for c in s.citations if c not in only_role]


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over briefs: defects per class, median body words, share of key facts with 2+ outlets."""
    words = sorted(r["body_words"] for r in rows)
    multi = sum(r["facts_multi"] for r in rows)
    facts = sum(r["facts"] for r in rows)
    return {
        "briefs": len(rows),
        "defects": {c: sum(len(r["defects"][c]) for r in rows) for c in CLASSES},
        "defects_total": sum(len(v) for r in rows for v in r["defects"].values()),
        "median_body_words": words[len(words) // 2] if words else 0,
        "facts_2plus_share": multi / facts if facts else 0.0,
    }
