"""One table per language: the number and date words of reports in that language.

Each module here (en.py, ru.py, kk.py) is data only: qualifier words, vague words with their floors,
number words, weekday and month forms, and date rules that rewrite a date into its English counterpart.
A language is added as one more module with the same names, plus tests; no other code changes.
`sources.csv`'s `language` column picks the table; English is always tried after it.

Also here: how names are compared across scripts (`fold`, `closest`), so that "Токаева" finds "Токаев"
and "Алматы" suggests "Almaty".
"""

from __future__ import annotations

import difflib
import functools
import importlib
import pkgutil
import re
import unicodedata
from dataclasses import dataclass
from types import ModuleType

__all__ = ["Language", "closest", "codes", "fold", "get", "qualifier_words", "to_english_date", "translit"]

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class Language:
    """A language's tables (see en.py for what each holds)."""

    code: str
    name: str
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]
    vague: dict[str, tuple[int, str]]
    open_hedges: tuple[str, ...]
    add: dict[str, int]
    scales: dict[str, int]
    skip: tuple[str, ...]
    decimal_scales: dict[str, int]
    decimal_mark: str
    number_suffixes: tuple[str, ...]
    weekdays: dict[str, int]
    months: dict[str, int]
    parts_of_day: dict[str, str]
    date_rules: tuple[tuple[str, str], ...]
    #: range forms: (word before the low number or "", word between the numbers), e.g. ("between", "and")
    ranges: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_module(cls, module: ModuleType) -> Language:
        """The tables a language module defines."""
        return cls(
            module.CODE, module.NAME, module.QUALIFIERS, module.QUALIFIERS_AFTER, module.VAGUE,
            module.OPEN_HEDGES, module.ADD, module.SCALES, module.SKIP, module.DECIMAL_SCALES,
            module.DECIMAL_MARK, module.NUMBER_SUFFIXES, module.WEEKDAYS, module.MONTHS,
            module.PARTS_OF_DAY, module.DATE_RULES, getattr(module, "RANGES", ()),
        )  # fmt: skip

    @functools.cached_property
    def compiled_rules(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """The date rules with their placeholders ({WD}, {MON}, {D}, {Y}, {PART}, {N}: a number in digits or
        one word, for durations) as named groups."""
        words = {
            "WD": self.weekdays,
            "WD2": self.weekdays,
            "MON": self.months,
            "MON2": self.months,
            "PART": self.parts_of_day,
        }
        out = []
        for pattern, template in self.date_rules:
            regex = pattern
            for name, table in words.items():
                alternatives = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)) or "(?!)"
                regex = regex.replace("{" + name + "}", f"(?P<{name}>{alternatives})")
            regex = regex.replace("{D}", r"(?P<D>\d{1,2})").replace("{D2}", r"(?P<D2>\d{1,2})")
            regex = regex.replace("{Y}", r"(?P<Y>\d{4})")
            regex = regex.replace("{N}", r"(?P<N>\S+)")
            out.append((re.compile(regex), template))
        return tuple(out)


@functools.cache
def codes() -> tuple[str, ...]:
    """The language codes that have a table."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"[a-z]{2}", m.name)))


@functools.cache
def get(code: str | None) -> Language:
    """The table of a language code (English for an empty code or one without a table)."""
    code = (code or "en").strip().lower()
    if code not in codes():
        code = "en"
    return Language.from_module(importlib.import_module(f"{__name__}.{code}"))


def chain(code: str | None) -> tuple[Language, ...]:
    """The tables to try for a source's language, in order: its own, then English."""
    own = get(code)
    return (own,) if own.code == "en" else (own, get("en"))


def qualifier_words(code: str | None) -> dict[str, tuple[str, str]]:
    """Every qualifier word a figure of this language may use → (qualifier code, 'before' or 'after').

    For the check that a value's qualifier word stands next to its number in the quote: a 'before' word
    precedes the number ("более 100"), an 'after' word follows it ("100-ден астам").
    """
    out: dict[str, tuple[str, str]] = {}
    for lang in reversed(chain(code)):
        out.update({w: (q, "before") for w, q in lang.qualifiers.items()})
        out.update({w: (q, "after") for w, q in lang.qualifiers_after.items()})
    return out


def simplify(text: str) -> str:
    """Text as the tables match it: NFKC, lower case, ё read as е, dashes as '-', white space folded."""
    t = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    t = re.sub(r"\s*[\u2010-\u2015\u2212-]\s*", "-", t)
    return " ".join(t.split())


def to_english_date(text: str, lang: Language) -> str | None:
    """A date as a report in `lang` writes it, rewritten as its English counterpart; None when no rule fits."""
    t = simplify(text).strip(" ,.")
    for regex, template in lang.compiled_rules:
        m = regex.fullmatch(t)
        if m is None:
            continue
        groups = m.groupdict()
        values = {k: v or "" for k, v in groups.items()}
        for key in ("WD", "WD2"):
            if groups.get(key):
                values[key] = _WEEKDAY_NAMES[lang.weekdays[groups[key]]]
        if groups.get("WD"):
            values["WD-1"] = _WEEKDAY_NAMES[(lang.weekdays[groups["WD"]] - 1) % 7]
        for key in ("MON", "MON2"):
            if groups.get(key):
                values[key] = _MONTH_NAMES[lang.months[groups[key]]]
        if groups.get("PART"):
            values["PART"] = lang.parts_of_day[groups["PART"]]
        filled = template
        for key, value in values.items():
            filled = filled.replace("{" + key + "}", value)
        return " ".join(filled.split())
    return None


# ---------------------------------------------------------------- names across scripts

#: Cyrillic (Russian and Kazakh letters) to Latin, for "closest known name" suggestions only.
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k",
    "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})  # fmt: skip


def fold(name: str) -> str:
    """A name as lookups compare it: NFKC, case folded, ё read as е, white space folded."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().replace("ё", "е").split())


def translit(name: str) -> str:
    """fold(name) with Cyrillic letters in Latin ones ("Токаева" → "tokaeva"), for suggestions."""
    return fold(name).translate(_TRANSLIT)


def closest(name: str, known: dict[str, str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """The shown forms of the known names closest to `name`, best first, across scripts.

    `known` maps each known name to how a suggestion shows it. Names are compared folded (case, ё/е)
    and transliterated, so Cyrillic input finds Latin names and the other way round.
    """
    keys: dict[str, str] = {}
    for key, shown in known.items():
        keys.setdefault(translit(key), shown)
    close = difflib.get_close_matches(translit(name), list(keys), n=n * 2, cutoff=cutoff)
    return list(dict.fromkeys(keys[c] for c in close))[:n]
