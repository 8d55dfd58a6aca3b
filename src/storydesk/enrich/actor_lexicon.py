"""Word lists for actor resolution: prepositions of place, verbs of movement, the head words that mark
government bodies, armed forces, media and other organisations, and the common nouns that are never actors.

Source: written by hand for this project from English news usage (no external list was copied); the
project's licence applies.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())



# "in Seoul", "near Moscow": a capital after these is a place, not its state.
LOCATIVE_PREPS = _words("in at near outside inside around across throughout within into from to toward towards "
                        "via through")
VISIT_VERBS = _words("visit tour leave reach enter fly travel arrive return go come")
RECEIVE_VERBS = _words("receive get obtain import buy hear demand request seek expect")
PLACE_NOUNS = _words("city streets residents airport outskirts suburbs centre center heart downtown port mayor "
                     "people citizens capital")

# Head words of organisation names, by kind.
GOV_WORDS = _words("government ministry embassy parliament cabinet office administration department regime "
                   "authorities presidency consulate foreign")
MIL_WORDS = _words("army navy military forces force troops guard marines corps")
MEDIA_WORDS = _words("news times post journal herald daily tribune gazette telegraph agency broadcasting tv "
                     "television radio newspaper magazine press")
ORG_WORDS = _words("center centre institute university foundation council association committee company "
                   "corporation bank agency commission party union school college")

HONORIFICS = _words("mr. mrs. ms. mr mrs ms dr. sir dame the")
PREP_AFFILIATION = _words("at of with for from in")

# Common nouns that the small model sometimes tags as names, and that speak only for someone else:
# never actors in their own right ("the newspaper said", "a spokeswoman said", "the report found").
COMMON_NOUNS = _words("""
newspaper paper report reports statement spokeswoman spokesman spokesperson official officials source sources
analyst analysts expert experts agency government ministry military police court study survey poll editorial
article journalist reporter correspondent witness witnesses resident residents people president minister
""")

# Outlet nouns: "the newspaper", "the paper", "the broadcaster" stand for the last outlet named.
OUTLET_NOUNS = _words("newspaper paper daily broadcaster agency outlet magazine tabloid network channel")

# Words that make a capitalised run a headline fragment rather than a name ("Seizes", "Suspected", "Of").
HEADLINE_FUNCTION_WORDS = _words("Of To In On For With At By As From Over After Amid Into Against Is Are Was "
                                 "Be Will")

# Photo credits and picture agencies the model glues to a name ("Getty Images Hamilton", "GETTY Max
# Verstappen", "Jane Doe Image"): never part of a person's name, at either end.
CREDIT_WORDS = _words("getty images image photo photos photograph picture pictures credit courtesy afp ap epa "
                      "reuters shutterstock alamy pa file handout istock newslook")

# A company's legal form at the end of its name: "Acme Holdings AG" and "Acme" are one organisation in a
# story (``aliases.company_key``).
LEGAL_FORMS = _words("inc ltd plc corp co llc ag sa gmbh nv bv group holdings corporation limited")

# Last words that make a name a company, not a person ("Jana Partners LLC").
COMPANY_SUFFIXES = _words("llc inc inc. ltd ltd. plc corp corp. co. partners group holdings gmbh ag sa")

# Given-name variants that name one person: English short forms and common transliterations. A person
# named "Bob Lane" in one outlet and "Robert Lane" in another, with every other word the same, is one
# person (``aliases.story_person_names``). Kept short: a pair goes in only when the short form is mostly
# used for that given name (no "Al", "Pat", "Sam" or "Chris", which stand for several).
GIVEN_NAME_VARIANTS: tuple[frozenset[str], ...] = tuple(_words(line) for line in """
william bill billy
robert rob bob bobby
michael mike
james jim jimmy
joseph joe
thomas tom tommy
richard dick rick
daniel dan danny
david dave
steven stephen steve
anthony tony
edward ted ed
alexander alex
nicholas nick
andrew andy
benjamin ben
matthew matt
jeffrey jeff
gregory greg
kenneth ken
lawrence larry
timothy tim
charles charlie chuck
elizabeth liz beth
katherine kate kathy
jennifer jenny
susan sue
mohammed mohamed muhammad mohammad mohamad muhammed
""".strip().splitlines())
