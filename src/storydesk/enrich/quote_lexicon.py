"""Word lists for the quote extractor: reporting verbs, titles and gender cues.

Written by hand for this project (English reporting verbs and common first names); the choice of which verbs
take noun or infinitive contents was checked against PolNeAR's train split (counts only, no text kept).

Source of the broader cue list (``COMMUNICATION_CUES``, issue 16): the communication and conjecture classes of
VerbNet 3.3 (Kipper Schuler et al., University of Colorado; distributed under a WordNet-style permissive
licence: say-37.7, tell-37.2, manner_speaking-37.3, complain-37.8, advise-37.9, transfer_mesg-37.1.1,
lecture-37.11, declare-29.4, conjecture-29.5, reflexive_appearance-48.1.2 not used). Only the class names
and the idea of grouping were taken; the words below are our own selection for news text, in lemma form,
so no VerbNet file is copied.
"""

from __future__ import annotations

# Verbs that introduce speech, writing or a stated view with a clause: "X said (that) ...".
_COMMON_CLAUSE_CUES: frozenset[str] = frozenset("""
say tell add write ask note report announce suggest show find tweet argue think believe explain acknowledge
declare claim state warn insist reply respond conclude contend emphasise emphasize stress remark predict
reveal admit concede confirm deny assert maintain allege indicate recall complain joke vow pledge promise
estimate fear hope worry agree know learn observe comment counter charge propose recommend inform assure
remind caution signal forecast disclose testify speculate posit muse quip boast brag guess imply underscore
highlight reiterate repeat continue post blog read demonstrate reckon feel lament predict proclaim announce
answer retort explain advise mention point declare affirm hint acknowledge opine surmise protest object
suspect doubt wonder question determine decide rule conclude discover realize realise understand expect
""".split())

# Reporting verbs beyond the common ones, by VerbNet class (see the module docstring): content as a clause.
COMMUNICATION_CUES: frozenset[str] = frozenset("""
aver avow attest certify proclaim profess pronounce reaffirm restate recount relate narrate divulge
theorise theorize hypothesise hypothesize postulate presume conjecture deduce infer reason calculate figure
gauge surmise judge deem assume suppose grumble gripe whine moan fret grouse carp snap shout yell scream
whisper mutter murmur mumble stammer holler cry exclaim gush rave rant thunder bellow growl hiss sneer scoff
chide scold admonish counsel brief notify alert apprise advise tip confide concur dissent rebut refute
acknowledge grant allow aver insinuate intimate interject elaborate clarify expound preach lecture pontificate
summarise summarize characterise characterize assess contend predict prophesy speculate estimate wager bet
reassure concede confess attest swear testify certify lament bemoan regret mourn
""".split())

# Issue 16, session 4: cue words added from counts of PolNeAR's train cue annotations (how often each lemma
# heads a gold cue; counts only, no text kept; PolNeAR ships no licence file, see docs/decisions.md). A word
# was kept when it raised content F1 on the tuning half and did not lower it on the check half (dev).
_COUNTED_CLAUSE_CUES: frozenset[str] = frozenset("quote react hear".split()) | frozenset(
    # session 5: verbs of knowing, perceiving and persuading whose clause was what was said on the whole of
    # PolNeAR train (each word's new contents matched a gold content at least half the time there)
    "recognize recognise convince persuade imagine forget demand notice sense illustrate envision".split())

CLAUSE_CUES: frozenset[str] = _COMMON_CLAUSE_CUES | COMMUNICATION_CUES | _COUNTED_CLAUSE_CUES

# Verbs whose content may be a noun phrase object: "X recalled the strategy", "X endorsed Clinton".
OBJECT_CUES: frozenset[str] = frozenset("""
endorse criticize criticise praise defend accuse blame reject deny oppose propose announce mock attack blast
slam denounce dismiss question cite describe recall call demand urge threaten condemn applaud welcome hail
decry lambaste rebuke slam support back tout promise pledge vow predict warn acknowledge admit confirm
dispute challenge contradict ridicule disparage insult thank congratulate tweet want see express discuss
consider mention offer name view share remember identify list recognize address highlight say show ask compare
reference detail outline voice float favor favour prefer seek hope expect echo portray nominate order lay
""".split()) | frozenset("""
stress report claim explain quote attribute recite interpret contemplate like email witness affirm charge cry
lament observe profess rebut recount signal think rip promote
""".split()) | frozenset("""
post answer declare note reveal repeat emphasize emphasise suggest reiterate disclose state characterize
characterise bemoan assert chide deem allege judge refute preach
ignore paint label disavow downplay regard repudiate bash assail lambast renounce pitch deride laud trumpet
chastise reaffirm restate commend castigate fault regret doubt envision
""".split())  # the second group: from PolNeAR train cue counts (issue 16, session 4; see _COUNTED_CLAUSE_CUES);
# the third: reporting and judging verbs whose noun object was what was said on the whole of PolNeAR train
# (session 5: each word's new contents matched a gold content at least half the time there)

# Object cues that are also plain verbs of action ("Russia supports North Korea with oil", "the treaty offers
# a defence clause"): they report a view only when their subject can hold one (see quotes._can_speak).
ACTION_VERBS: frozenset[str] = frozenset("""
support back offer want seek order lay name nominate share consider see view welcome address list identify
detail outline provide favor favour prefer expect hope like witness
""".split())

# Subjects that are things, not speakers: plans, laws, documents that act rather than state.
INANIMATE_NOUNS: frozenset[str] = frozenset("""
plan treaty deal agreement accord bill law budget program programme policy measure package proposal system
product model project scheme fund money aid loan contract initiative strategy rule regulation order move
step decision change reform tax tariff sanction system network platform service technology weapon missile
country nation region state city economy market
""".split())

# Verbs whose passive takes an infinitive about its subject: "the bank is expected to act", "he is said to
# favour ...". The content is the subject with the infinitive; the speaker is the "by" agent, if any.
RAISING_CUES: frozenset[str] = frozenset("expect believe say report think know consider predict".split())

# Verbs whose content may be an infinitive clause: "X vowed to build", "X urged Congress to act".
INFINITIVE_CUES: frozenset[str] = frozenset("""
vow promise pledge threaten urge ask call tell warn demand plan refuse decline offer agree seek vow
encourage beg implore want hope intend wish prefer expect seek aim claim like vote push instruct
""".split())

# Adjectives that state a stance after "be": "X is confident that ...", "voters were divided on ...".
STANCE_ADJECTIVES: frozenset[str] = frozenset("""
clear unclear confident optimistic pessimistic worried concerned skeptical sceptical upbeat divided convinced
sure certain aware critical supportive opposed eager reluctant happy angry adamant hopeful doubtful wary
frustrated unhappy pleased proud firm insistent interested
""".split())

# Nouns that report a stance, with the prepositions that introduce their content: "her support for X".
NOUN_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split("/"))
    for lemma, preps in (
        ("support", "for"), ("criticism", "of"), ("question", "about/of"), ("attack", "on"),
        ("claim", "of/about"), ("call", "for"), ("warning", "of/about/against"), ("demand", "for"),
        ("proposal", "for"), ("endorsement", "of"), ("opposition", "to"), ("concern", "about/over"),
        ("praise", "for"), ("condemnation", "of"), ("defense", "of"), ("defence", "of"), ("plea", "for"),
        ("promise", "of"), ("pledge", "of"), ("comment", "about/on"), ("remark", "about/on"),
        ("allegation", "of"), ("accusation", "of"), ("denial", "of"), ("rejection", "of"),
        ("faith", "in"),
    )
}

# Nouns of a stated intention or attitude whose content is an infinitive, with an owner: "her promise to cut
# taxes", "the senator's refusal to endorse", "Trump's call to ban ..." (issue 16, session 5).
INFINITIVE_NOUNS: frozenset[str] = frozenset("""
promise pledge vow threat call demand plea refusal reluctance willingness unwillingness desire wish
intention determination eagerness proposal offer
""".split())

# Verbs whose content is the object of a preposition: "X talked about Y", "X called for Y".
PREP_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split("/"))
    for lemma, preps in (
        ("talk", "about"), ("speak", "about/of"), ("refer", "to"), ("focus", "on"), ("push", "for"),
        ("vote", "for/against"), ("point", "to"), ("call", "for/on"), ("hint", "at"), ("complain", "about"),
        ("warn", "of/about/against"), ("worry", "about"), ("comment", "on"), ("testify", "about"),
        ("argue", "for/against"), ("advocate", "for"), ("rail", "against"), ("insist", "on"),
        ("joke", "about"), ("boast", "about"), ("brag", "about"), ("allude", "to"),
        ("apologize", "for"), ("apologise", "for"), ("lash", "at"), ("respond", "to"),
        ("agree", "with/on"), ("disagree", "with/on"), ("criticize", "for"), ("campaign", "for/against"),
        ("lobby", "for/against"), ("object", "to"), ("cite", "as"), ("ask", "about/for"), ("care", "about"),
        ("plead", "to/for"), ("believe", "in"),
        # from PolNeAR train cue counts (issue 16, session 4)
        ("side", "with"), ("distance", "from"), ("balk", "at"), ("hope", "for"),
        ("think", "about/of"), ("wonder", "about"),
    )
}

# Nouns in a subject that mark an outlet's or document's own reporting ("an editorial in The Guardian").
DOCUMENT_NOUNS: frozenset[str] = frozenset("""
editorial report reports study survey poll polls statement article column op-ed analysis memo letter
document documents data review investigation story newspaper paper agency broadcaster
""".split())

# Nouns for what was said or written, whose owner or "from"/"by" phrase is the speaker ("comments from X",
# "a report by X", "X's remarks").
SPEECH_NOUNS: frozenset[str] = frozenset("""
comment comments remark remarks statement word words testimony report study analysis assessment letter memo
interview tweet post speech note briefing estimate estimates finding findings survey poll research review
account claim claims warning message editorial column op-ed essay paper book article
""".split())

# Nouns for a view or a message that "be" can hold with a "that" clause: "his message has been that ...".
VIEW_NOUNS: frozenset[str] = frozenset("""
view belief hope fear refrain argument message idea point concern worry assumption consensus expectation
sense thinking conclusion position theory complaint claim contention suggestion impression feeling
assertion demand doubt perception estimate statement assurance reminder
""".split())

# Verb-and-noun phrases that state a view, with the prepositions that introduce what it is about: "took aim
# at X", "threw her support behind X", "raised concerns about X" (the noun is the verb's object).
LIGHT_VERB_CUES: dict[str, dict[str, frozenset[str]]] = {
    verb: {noun: frozenset(preps.split("/")) for noun, preps in (pair.split(":") for pair in pairs.split())}
    for verb, pairs in (
        ("take", "aim:at issue:with shot:at swipe:at whack:at stand:on/against jab:at"),
        ("throw", "support:behind weight:behind"),
        ("lend", "support:to voice:to"),
        ("give", "support:to backing:to"),
        ("raise", "concern:about/over question:about/over doubt:about/over alarm:about/over"),
        ("cast", "doubt:on"),
        ("make", "case:for/against statement:about/on comment:about/on remark:about/on pitch:for plea:for"),
    )
}

# Nouns for backing that a candidate or a cause receives, and the verbs of receiving them: in "Trump drew the
# support of 41 percent" the receiver (the subject) is the content and the "of"/"from" phrase the source.
BACKING_NOUNS: frozenset[str] = frozenset("support backing endorsement vote".split())
RECEIVING_VERBS: frozenset[str] = frozenset("earn draw win receive get gain garner attract enjoy pick lose".split())

# Documents that carry findings, after "in" or "from": "Clinton leads in a new poll".
SOURCE_DOCUMENTS: frozenset[str] = frozenset("""
poll polls survey surveys study studies report reports analysis census data figures findings
""".split())

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f", "they": "p", "them": "p",
    "their": "p", "it": "n", "its": "n", "we": "p", "our": "p", "i": "s", "my": "s",
}

MALE_TITLES = frozenset("mr mr. sir lord king prince father brother son husband".split())
FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss madam dame lady queen princess mother sister daughter wife".split())
MALE_NOUNS = frozenset("spokesman chairman congressman councilman businessman man boy father son husband "
                       "brother king prince".split())
FEMALE_NOUNS = frozenset("spokeswoman chairwoman congresswoman councilwoman businesswoman woman girl mother "
                         "daughter wife sister queen princess".split())

# Common first names, to give named persons a gender for pronoun agreement.
MALE_NAMES = frozenset("""
aaron adam alan albert alex alexander alexei andrew anthony antonio barack ben benjamin bernie bill bob boris
brad brian bruce carl carlos charles chris christopher chuck dan daniel david dennis donald doug douglas ed
edward emmanuel eric frank gary george gerald greg gregory harold harry henry ian jack jacob james jason jeb
jeff jeffrey jerry jim jimmy joe john johnny jon jonathan jose joseph josh juan justin keith ken kevin kim
larry lee louis marco mark martin matt matthew michael mike mitch mohammed muhammad nathan newt nicholas
nick olaf patrick paul peter phil philip rahm ralph randy raymond reince richard rick rob robert roger ron
rudy russell ryan sam samuel scott sean sergei shinzo stephen steve steven ted terry thomas tim timothy tom
tony vladimir walter wayne william xi yoon jae-in jong-un moon vladimir volodymyr viktor victor recep
benjamin rodrigo narendra justin
""".split())
FEMALE_NAMES = frozenset("""
abigail alice amanda amy angela ann anna anne barbara betsy betty carly carol caroline catherine chelsea
cheryl christina christine claire cynthia debbie deborah diana diane donna dorothy elizabeth ellen emily emma
gina hannah heather helen hillary hope huma ivanka jane janet jennifer jessica jill joan joanna judy julia
julie karen kate katherine kathleen kathy kellyanne kelly kimberly laura linda lisa liz madeleine margaret
maria marie marine martha mary megan melania melissa michelle nancy nicola nikki patricia rachel rebecca
ruth sandra sarah sharon stephanie susan susana teresa theresa tulsi ursula virginia wendy
""".split())

# Honorifics and titles dropped when a speaker's name is normalised.
TITLES = frozenset("""
mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. col col. president senator
representative governor mayor secretary minister chancellor premier prime general sir lord dame rev rev.
judge justice ambassador chairman chairwoman spokesman spokeswoman former vice
""".split())
