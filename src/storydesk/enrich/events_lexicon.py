"""Word lists for events: trigger verbs per action, light verbs, the prepositions that introduce targets, and
the nouns that mark private persons, quantities and intentions.

Source: written by hand for this project, in the spirit of the PLOVER event ontology (Open Event Data
Alliance, https://github.com/openeventdata/PLOVER, MIT licence) whose category names the actions follow; no
PLOVER dictionary was copied. The project's licence applies.
"""

from __future__ import annotations


def _words(block: str) -> set[str]:
    return set(block.split())


VERBS: dict[str, str] = {}
for _action, _lemmas in {
    "agree": "agree sign accept ratify settle",
    "consult": "meet talk discuss negotiate consult visit host telephone",
    "support": "support back endorse praise welcome commend applaud hail defend",
    "cooperate": "cooperate collaborate coordinate partner ally",
    "aid": "aid help assist supply donate fund finance provide deliver rescue",
    "deploy": "deploy station dispatch",
    "mobilise": "mobilise mobilize test",
    "sanction": "sanction embargo blacklist ban prohibit",
    "demand": "demand urge press encourage",
    "accuse": "accuse blame condemn criticize criticise denounce slam charge indict sue",
    "reject": "reject refuse deny oppose dismiss veto rebuff decline",
    "threaten": "threaten warn",
    "protest": "protest demonstrate rally march",
    "coerce": "arrest detain seize expel deport jail imprison sentence convict raid confiscate",
    "assault": "attack bomb shell kill shoot invade abduct kidnap punch slap kick bite stab assault ambush dislodge",
}.items():
    for _lemma in _lemmas.split():
        VERBS[_lemma] = _action

# Light verbs: the action depends on the object's lemma.
LIGHT: dict[str, dict[str, str]] = {
    "hold": {
        "talk": "consult",
        "meeting": "consult",
        "summit": "consult",
        "negotiation": "consult",
        "drill": "mobilise",
        "exercise": "mobilise",
        "test": "mobilise",
        "protest": "protest",
        "rally": "protest",
        "demonstration": "protest",
    },
    "conduct": {
        "test": "mobilise",
        "drill": "mobilise",
        "exercise": "mobilise",
        "launch": "mobilise",
        "strike": "assault",
        "raid": "coerce",
        "talk": "consult",
    },
    "stage": {
        "drill": "mobilise",
        "exercise": "mobilise",
        "protest": "protest",
        "rally": "protest",
        "attack": "assault",
        "demonstration": "protest",
    },
    "carry": {
        "exercise": "mobilise",
        "drill": "mobilise",
        "test": "mobilise",
        "attack": "assault",
        "strike": "assault",
        "launch": "mobilise",
    },
    "launch": {
        "missile": "mobilise",
        "rocket": "mobilise",
        "satellite": "mobilise",
        "attack": "assault",
        "strike": "assault",
        "offensive": "assault",
        "raid": "coerce",
        "probe": "accuse",
        "investigation": "accuse",
    },
    "fire": {"missile": "mobilise", "rocket": "mobilise", "projectile": "mobilise", "shot": "assault"},
    "lob": {"missile": "mobilise", "rocket": "mobilise", "shell": "assault"},
    "pledge": {"allegiance": "support", "support": "support", "aid": "aid", "loyalty": "support"},
    "extend": {
        "remand": "coerce",
        "detention": "coerce",
        "custody": "coerce",
        "sanction": "sanction",
        "support": "support",
        "aid": "aid",
        "invitation": "consult",
    },
    "test": {"missile": "mobilise", "bomb": "mobilise", "weapon": "mobilise", "device": "mobilise"},
    "impose": {
        "sanction": "sanction",
        "embargo": "sanction",
        "ban": "sanction",
        "tariff": "sanction",
        "penalty": "sanction",
    },
    "slap": {"sanction": "sanction", "tariff": "sanction"},
    "tighten": {"sanction": "sanction"},
    "adopt": {"sanction": "sanction", "resolution": "sanction"},
    "cut": {"tie": "sanction", "relation": "sanction", "aid": "sanction"},
    "reach": {"agreement": "agree", "deal": "agree", "accord": "agree"},
    "strike": {"deal": "agree", "agreement": "agree"},
    "send": {
        "troop": "deploy",
        "soldier": "deploy",
        "force": "deploy",
        "warship": "deploy",
        "ship": "deploy",
        "bomber": "deploy",
        "jet": "deploy",
        "carrier": "deploy",
        "aid": "aid",
        "food": "aid",
        "supply": "aid",
        "oil": "aid",
        "weapon": "aid",
        "arm": "aid",
        "delegation": "consult",
        "envoy": "consult",
        "athlete": "cooperate",
        "team": "cooperate",
    },
    "move": {"troop": "deploy", "missile": "deploy", "force": "deploy"},
    "ship": {"oil": "aid", "fuel": "aid", "weapon": "aid", "arm": "aid", "coal": "aid"},
    "transfer": {"oil": "aid", "fuel": "aid", "fund": "aid", "money": "aid", "weapon": "aid"},
    "give": {"aid": "aid", "money": "aid", "support": "support", "approval": "agree"},
    "offer": {
        "talk": "consult",
        "dialogue": "consult",
        "aid": "aid",
        "help": "aid",
        "assistance": "aid",
        "branch": "cooperate",
        "cooperation": "cooperate",
        "support": "support",
    },
    "call": {},
    "file": {"charge": "accuse", "complaint": "accuse", "lawsuit": "accuse"},
    "bring": {"charge": "accuse"},
    "express": {"support": "support", "concern": "accuse", "opposition": "reject", "regret": "accuse"},
    "place": {"sanction": "sanction", "restriction": "sanction", "embargo": "sanction", "ban": "sanction"},
    "pass": {"sanction": "sanction", "embargo": "sanction"},
    "enforce": {"sanction": "sanction", "restriction": "sanction", "embargo": "sanction", "ban": "sanction"},
    "toughen": {"sanction": "sanction", "restriction": "sanction"},
    "deny": {"access": "sanction", "entry": "sanction", "visa": "sanction"},
    "order": {
        "launch": "mobilise",
        "test": "mobilise",
        "drill": "mobilise",
        "attack": "assault",
        "strike": "assault",
        "arrest": "coerce",
        "deployment": "deploy",
    },
    "throw": {"stone": "assault", "rock": "assault", "grenade": "assault", "bomb": "assault"},
    "approve": {
        "deal": "agree",
        "agreement": "agree",
        "accord": "agree",
        "treaty": "agree",
        "proposal": "agree",
    },
    "defend": {},
}
CALL_PREPS = {"on", "for", "upon"}
PREP_FOR_ACTION = {
    "consult": {"with", "to"},
    "cooperate": {"with"},
    "aid": {"to", "for", "in"},
    "deploy": {"to", "into", "near"},
    "mobilise": {"over", "above", "toward", "towards", "into", "near", "at"},
    "sanction": {"on", "against"},
    "demand": {"on", "of", "from"},
    "accuse": {"against"},
    "threaten": {"against"},
    "protest": {"against", "outside"},
    "assault": {"on", "against", "at"},
    "agree": {"with"},
    "support": {"for", "to"},
    "reject": {"from"},
    "coerce": {"in"},
}
NO_OBJECT_TARGET = {"deploy", "mobilise"}  # their object is the weapon, not the target
PLACE_TARGET = {"deploy", "mobilise", "assault", "threaten"}
PRONOUNS = {"he": "person", "she": "person", "it": "country", "they": "country"}
ANAPHORS = {"country", "nation", "regime", "government"}  # "the country conducted its sixth test"
PRIVATE_NOUNS = _words("""
girl boy man woman teenager teen child student activist tourist family people citizen resident worker
journalist protester national farmer fisherman athlete player company firm businessman victim
""")
QUANTITY_NOUNS = _words("""
dozen dozens series round number string flurry barrage pair salvo volley hundreds scores couple
""")
INTENT_HEADS = _words("""
plan intend want seek try hope aim consider expect prepare propose suggest offer wish need decide promise
""")
VOW_HEADS = {"vow", "pledge", "swear", "threaten", "warn"}
MODALS = {"will", "would", "could", "may", "might", "should", "must", "can", "shall", "'ll"}
ACTOR_KINDS = {"country", "person", "organisation", "armed_force", "media", "group", "city", "region"}
TARGET_KINDS = ACTOR_KINDS | {"place"}


