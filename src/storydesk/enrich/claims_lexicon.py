"""Word lists and patterns for numeric claims: hedges and bounds, change verbs, modal and projection verbs,
labels that make a number an identifier ("Game 7"), street patterns and the words that cannot be a
denominator.

Source: written by hand for this project from English news usage; the project's licence applies.
"""

from __future__ import annotations

import re

from .units import ORDINALS

ORDINAL = re.compile(
    rf"\b(\d+(?:st|nd|rd|th)|{'|'.join(ORDINALS)})"
    r"(?:[ -](largest|biggest|highest|lowest|most|least|best|worst|\w+est))?\b", re.IGNORECASE)

HYPHEN_DIGIT = re.compile(r"-\d")
GLUED_LETTER_STOP = re.compile(r"[A-Za-z]\.(?:\s|$)")  # "25C." at the end of a sentence
# after a unit symbol that is also a word ("in"): a measure of size makes it the unit ("2 in thick")
DIMENSION_AFTER = re.compile(r"\s+(?:long|wide|thick|tall|high|deep|across|in diameter)\b|\s*(?:[),;]|\.?\s*$)")
SUSPENDED = re.compile(r"[-–]\s(?:to|or)\s(?:\d[\d,]*(?:\.\d+)?)")  # "8- to 16-metre": then the unit
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
STREET = re.compile(r"^(?:[-–]\d+[A-Za-z]?)?\s+(?:[A-Z0-9][\w.]*\s+){0,3}"
                     r"(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Ln|Boulevard|Blvd|Drive|Dr|Place|Pl|Court|Ct|Square|Sq|Highway|Hwy|Terrace|Parkway)\b\.?")
STREET_BEFORE = re.compile(r"\b(?:Ave|Avenue|Rue|Via|Calle|Route|Highway|Interstate|I-)\s*$")
AGED_BEFORE = re.compile(r"\b(?:aged|age of|ages of)\s$", re.IGNORECASE)
AGE_APPOSITION = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\s?[,(]\s?$")
CAPITAL_PLURAL = re.compile(r"[A-Z][a-z]{2,}[^s]s")  # "Ferraris", "Democrats": a plural, counted
CAMEL_CASE = re.compile(r"[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*")  # product names: iPhone, PlayStation
LABEL_BEFORE = re.compile(
    r"\b(?:category|game|channel|model|unit|number|no\.|nos\.|level|stage|grade|phase|round|room|route|gate|"
    r"flight|platform|chapter|article|section|version|episode|page|line|row|seat|ward|district|lot|zone|group|"
    r"type|class|series|generation|gen|act|scene|verse|exit|interstate|week|day|covid|sp|tier|part|term|lap|hole|leg|"
    r"resolution|rule|item|figure|fig\.|table|paragraph|clause|amendment|title|box|pier|terminal|"
    r"studio|track|volume|vol\.|issue|PS|Mark|Mk)\s$",
    re.IGNORECASE)
HEDGE = re.compile(
    r"(?:^|\b)(approximately|approx\.|about|around|roughly|nearly|almost|some|close to|an estimated|"
    r"estimated|"
    r"circa|ca\.|more or less|up to|as many as|as much as|as high as|as few as|as little as|at most|"
    r"no more than|not more than|less than|fewer than|under|below|barely|just under|just over|well over|"
    r"more than|over|at least|upwards of|in excess of|above|exceeding|some|an? additional|only|just|exactly|"
    r"~|≈|<|>|≤|≥|sub-)\s*$", re.IGNORECASE)
APPROX = {"approximately", "approx.", "about", "around", "roughly", "nearly", "almost", "some", "close to",
           "an estimated", "estimated", "circa", "ca.", "more or less", "~", "≈"}
UPPER = {"up to", "as many as", "as much as", "as high as", "at most", "no more than", "not more than",
          "less than", "fewer than", "under", "below", "barely", "just under", "<", "≤", "sub-"}
LOWER = {"more than", "over", "at least", "upwards of", "in excess of", "above", "exceeding", "just over",
          "well over", ">", "≥", "as few as", "as little as"}
CHANGE_BEFORE = re.compile(
    r"\b(?:by|up|down|rose|rises|rise|risen|fell|falls|fall|fallen|gained|gains|lost|loses|added|adds|"
    r"climbed|jumped|dropped|slid|slipped|plunged|surged|grew|increased|decreased|declined|advanced|sank|"
    r"shed|tumbled|soared|eased|edged)\s*$", re.IGNORECASE)
MODALS = {"could", "would", "may", "might", "will", "shall", "'ll", "wo", "ca"}
PROJECT = {"expect", "project", "forecast", "predict", "anticipate", "plan", "aim", "target", "poise",
            "likely", "swell", "intend", "envisage", "budget", "seek"}
CHANGE_VERBS = {"swell", "rise", "grow", "fall", "increase", "decrease", "reach", "climb", "drop", "double",
                 "triple", "jump", "surge", "shrink", "decline", "expand", "balloon", "soar", "plunge", "hit", "top"}
ESTIMATE = {"estimate", "believe", "think", "reckon", "guess", "approximate", "calculate", "suggest"}
PARTITIVE_ADJ = {"last", "first", "next", "past", "previous", "top", "final", "remaining", "other"}
TIME_WORDS = {"year", "month", "week", "day", "quarter", "time", "hour"}
NP_POS = {"ADJ", "NOUN", "PROPN"}
FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "VERB", "ADV", "INTJ"}
DROP_POS = {"DET", "ADP", "CCONJ", "PRON", "PART", "AUX", "ADV", "SCONJ", "PUNCT", "SYM", "NUM", "X",
             "SPACE"}


PER = re.compile(r"\s?(per|an?|/|each)\s?([A-Za-z][A-Za-z0-9]*)(?:[ -]([A-Za-z][A-Za-z0-9]*))?"
                 r"|-(per|an?)-([A-Za-z][A-Za-z0-9]*)()")  # or hyphenated: "$3-a-gallon", "$5 million-a-year"


NOT_DENOMINATOR = {"the", "this", "that", "each", "every", "its", "his", "her", "their", "our", "your", "cent",
                    "capita", "annum", "one"}
