"""English: the rules every other language falls back to (docs/codebook.md, "Numbers" and "Dates").

Data only. The English date grammar lives in helpers.clean.dates itself (the other languages are
rewritten into it), so DATE_RULES is empty here.
"""

from __future__ import annotations

__all__ = [  # the names every language table defines (see helpers.clean.lang)
    "CODE", "NAME", "QUALIFIERS", "QUALIFIERS_AFTER", "RANGES", "VAGUE", "OPEN_HEDGES", "ADD", "SCALES",
    "SKIP", "DECIMAL_SCALES", "DECIMAL_MARK", "NUMBER_SUFFIXES", "WEEKDAYS", "MONTHS", "PARTS_OF_DAY", "DATE_RULES",
]  # fmt: skip

CODE = "en"
NAME = "English"

#: A qualifier word before the number → the qualifier code (helpers.data.vocab.QUALIFIER_TEXT).
QUALIFIERS: dict[str, str] = {
    "almost": "almost",
    "nearly": "almost",
    "just under": "almost",
    "close to": "almost",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "at least": "at_least",
    "no fewer than": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "pass": "more_than",
    "passed": "more_than",
    "passes": "more_than",
    "exceed": "more_than",
    "exceeded": "more_than",
    "exceeds": "more_than",
    "top": "more_than",
    "topped": "more_than",
    "tops": "more_than",
    "up to": "at_most",
    "as many as": "at_most",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
}
#: A qualifier word after the number (none in English).
QUALIFIERS_AFTER: dict[str, str] = {}

#: Ranges: (the word before the low number or "", the word between the two numbers). "between 2,000 and
#: 2,500", "from 2,000 to 2,500", "2,000 to 2,500", "2,000-2,500" (any dash; digits on both sides) give
#: low 2,000, high 2,500 and no best (docs/codebook.md, "Numbers").
RANGES: tuple[tuple[str, str], ...] = (("between", "and"), ("from", "to"), ("", "to"), ("", "-"))

#: Vague words → (floor, the English word): ACLED's convention for vague fatality reports.
VAGUE: dict[str, tuple[int, str]] = {
    "a few": (3, "a few"),
    "several": (3, "several"),
    "dozens": (12, "dozens"),
    "dozens of": (12, "dozens of"),
    "scores": (40, "scores"),
    "hundreds": (100, "hundreds"),
    "thousands": (1000, "thousands"),
}

#: Hedges (the `hedge` column) that open the upper bound.
OPEN_HEDGES: tuple[str, ...] = ("may be higher", "could be higher", "likely higher", "at least")

#: Number words that add (units, teens, tens) and that multiply (scales).
ADD: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Words inside a number that carry no value ("two hundred and five").
SKIP: tuple[str, ...] = ("and",)
#: Scale words after a decimal number ("1.5 thousand"), and the decimal mark.
DECIMAL_SCALES: dict[str, int] = {"thousand": 1000, "million": 1_000_000}
DECIMAL_MARK = "."
#: A case ending a number may carry in the text ("100-ден"): none in English.
NUMBER_SUFFIXES: tuple[str, ...] = ()

#: Date words: none beyond the English grammar of helpers.clean.dates.
WEEKDAYS: dict[str, int] = {}
MONTHS: dict[str, int] = {}
PARTS_OF_DAY: dict[str, str] = {}
DATE_RULES: tuple[tuple[str, str], ...] = ()
