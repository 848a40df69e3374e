"""Hedged numbers as reported ("almost 4,000", "over 60", "dozens") become intervals.

Every rule lives here and in docs/codebook.md ("Numbers"). An interval is (low, best, high); None means
unbounded (high) or not given (best). Conventions:
- exact "26": 26, 26, 26.
- almost/nearly N: the true value is a little under N: low = N - 10% of N (rounded up), best = N, high = N.
- about/around/approximately N: N - 10%, N, N + 10% (10% rounded up).
- at least N: N, N, open.  more than/over N: N + 1, none, open.
- up to N: 0, none, N.  fewer than/under N: 0, none, N - 1.
- vague words follow ACLED's convention for reported fatalities (a floor, no best, open top):
  "dozens" 12, "several" 3, "a few" 3, "hundreds" 100, "thousands" 1,000.
- a hedge such as "may be higher" makes the upper bound open (the figure becomes a lower bound).
- pass/passed, exceed(s/ed), top(s/ped) N read as "more than N".
- a range "between X and Y", "from X to Y", "X to Y", "X-Y" (any dash, digits both sides): X, none, Y;
  the forms of each language are its table's RANGES ("от X до Y").

Text words a figure as its report words it: the report's own qualifier word ("over 60" stays "over 60",
"Almost 4,000" reads "almost 4,000"), and a figure whose upper bound a hedge opened adds "(may be higher)"
("26 (may be higher)", never "at least 26", which the report did not say). Vague words add their floor:
"dozens (at least 12)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.clean import lang
from helpers.data.vocab import QUALIFIER_TEXT, QUALIFIER_VALUES  # noqa: F401  (the codes schemas enforce)
from helpers.errors import ParseError

__all__ = [
    "MARGIN_PERCENT",
    "MAX_COUNT",
    "QUALIFIERS",
    "hedge_words",
    "hedges_before",
    "range_forms",
    "qualifier_problem",
    "VAGUE",
    "UNITS",
    "TENS",
    "SCALES",
    "Interval",
    "parse_count",
    "unknown_word",
    "parse_value",
    "hedge_opens_upper",
    "display",
    "token_regex",
    "display_of",
]

MARGIN_PERCENT = 10
#: The largest count accepted: Kazakhstan's population in 2022 (about 19 million), rounded up. A count
#: above it is a typing error; it also keeps every bound well inside int64 (docs/codebook.md, "Numbers").
MAX_COUNT = 20_000_000


def _margin(n: int) -> int:
    """MARGIN_PERCENT of n, rounded up, in integer arithmetic."""
    return -(-n * MARGIN_PERCENT // 100)


#: The English tables (helpers/clean/lang/en.py); other languages have their own (see parse_value).
QUALIFIERS: dict[str, str] = lang.get("en").qualifiers


#: Hedge words per language (the language code of sources.csv): phrase as written, lower case → qualifier.
#: Parsing `value_text` and checking it against its quote both read this table, so Russian or Kazakh
#: is added as data (one more entry), not as code. English is the only language coded so far.
def hedge_words(language: str | None) -> dict[str, tuple[str, str]]:
    """The hedge words of a source language → (qualifier, 'before' or 'after' the number): the language's
    own table (clean.lang) first, then English."""
    return lang.qualifier_words(language)


def hedges_before(token: str, quote: str, language: str | None = "en") -> list[str]:
    """For each place the number `token` stands in `quote`: the hedge phrase next to it, or "".

    "Almost 4,000 people" → ["almost"]; "26 have been killed" → [""]; "более ста человек" → ["более"];
    "5 800-ден астам адам" → ["астам"] (a Kazakh hedge follows its number). Case, ё/е, white space and
    typographic quote marks are ignored, as in the provenance checks; the phrase must touch the number.
    """
    table = hedge_words(language)
    words = sorted(table, key=len, reverse=True)
    text = lang.simplify(quote)
    tok = lang.simplify(token)
    out = []
    for m in re.finditer(r"(?<![\w,])" + token_regex(tok) + r"(?![\w]|,\d)", text):
        before, after = text[: m.start()].rstrip(), text[m.end() :].lstrip()
        found = next(
            (
                w
                for w in words
                if (table[w][1] == "before" and re.search(r"(?<!\w)" + re.escape(w) + r"$", before))
                or (table[w][1] == "after" and re.match(re.escape(w) + r"(?!\w)", after))
            ),
            "",
        )
        out.append(found)
    return out


def range_forms(language: str | None = "en") -> list[str]:
    """The range forms of a language and English, as a coder reads them: 'between X and Y', 'X-Y'."""
    forms = (f"{o} X {j} Y".strip() if j != "-" else "X-Y" for t in lang.chain(language) for o, j in t.ranges)
    return list(dict.fromkeys(forms))


def _ranges_in(quote: str, language: str | None, low: str = "", high: str = ""):
    """The matches of every range form in a quote (simplified), optionally of the given low and high tokens."""
    text = lang.simplify(quote)
    number = r"\d{1,3}(?:[, ]\d{3})+|\d+"
    lo = token_regex(lang.simplify(low)) if low else number
    hi = token_regex(lang.simplify(high)) if high else number
    for t in lang.chain(language):
        for opener, joiner in t.ranges:
            head = rf"(?:{re.escape(opener)} )?" if opener else ""
            join = "-" if joiner == "-" else rf" {re.escape(joiner)} "
            yield from re.finditer(rf"(?<![\w,]){head}(?P<lo>{lo}){join}(?P<hi>{hi})(?![\d]|,\d)", text)


def _in_a_range(token: str, quote: str, language: str | None) -> str:
    """The range a number stands in when every place it stands in the quote is an end of a range ("" when
    it stands alone somewhere): "2,000" in "between 2,000 and 2,500" → "between 2,000 and 2,500"."""
    text = lang.simplify(quote)
    places = [m.span() for m in re.finditer(r"(?<![\w,])" + token_regex(lang.simplify(token)) + r"(?![\w]|,\d)", text)]
    ranges = list(_ranges_in(quote, language))
    ends = {m.span(g) for m in ranges for g in ("lo", "hi")}
    if not places or not ranges or any(p not in ends for p in places):
        return ""
    return next(m.group(0) for m in ranges if any(m.span(g) in places for g in ("lo", "hi")))


def qualifier_problem(iv: Interval, quote: str, language: str | None, hedge: str = "", reason: str = "") -> str | None:
    """Why the qualifier of a parsed figure disagrees with its quote, or None (docs/codebook.md, "Numbers").

    A hedged figure ("over 4,000") needs its own hedge word right before the number in the quote; an
    exact figure must have an occurrence of its number with no hedge word before it, unless the row's
    `hedge` names that word or `exact_reason` says why the hedge word does not qualify this figure.
    """
    if iv.qualifier == "vague":
        return None
    if iv.qualifier == "range":
        if any(True for _ in _ranges_in(quote, language, iv.token, iv.token_high)):
            return None
        return (
            f"range '{iv.token}' to '{iv.token_high}': the evidence quote does not give these two numbers as one "
            f"range ({', '.join(range_forms(language))})"
        )
    found = hedges_before(iv.token, quote, language)
    if not found:
        return None  # the number itself is missing: reported by its own check
    inside = _in_a_range(iv.token, quote, language)
    if inside and not (iv.qualifier == "exact" and reason.strip()):
        return (
            f"the evidence quote gives '{iv.token}' only as an end of a range ('{inside}'): write the range in "
            "value_text (low and high, no best; see Numbers in the codebook)"
        )
    if iv.qualifier != "exact":
        word = lang.simplify(iv.word)
        if word in found:
            return None
        says = " or ".join(sorted({f"'{h} {iv.token}'" if h else f"'{iv.token}' with no hedge word" for h in found}))
        return f"qualifier '{word}' does not stand before '{iv.token}' in the evidence quote, which says {says}"
    hedge = lang.simplify(str(hedge or ""))
    if "" in found or reason.strip() or hedge in found:
        return None
    word = found[0]
    return (
        f"exact figure, but the evidence quote says '{word} {iv.token}': write '{word} {iv.token}' in value_text, "
        "or say why that word does not qualify this figure in exact_reason"
    )


#: ACLED's convention for vague quantities (floor values).
VAGUE: dict[str, int] = {word: floor for word, (floor, _) in lang.get("en").vague.items()}

UNITS = {w: n for w, n in lang.get("en").add.items() if n < 20}
TENS = {w: n for w, n in lang.get("en").add.items() if n >= 20}
SCALES = lang.get("en").scales


_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
#: Thousands separated by a space (a no-break or narrow no-break space reads as one): "9 900".
_SPACED = re.compile(r"^\d{1,3}( \d{3})+$")


@dataclass(frozen=True)
class Interval:
    """A reported number as an interval, with the qualifier that produced it."""

    qualifier: str
    number: int | None
    low: int | None
    best: int | None
    high: int | None
    token: str
    #: the qualifier as the report writes it, lower-cased ("over", "almost", "более"); "" for exact and vague
    word: str = ""
    #: the language whose table read it (the source's language, or "en")
    language: str = "en"
    #: the vague word in English ("tens" for десятки); "" for other figures
    vague_english: str = ""
    #: a range's high number and its token as written ("2,500" of "between 2,000 and 2,500"); else None, ""
    number_high: int | None = None
    token_high: str = ""

    @property
    def open_upper(self) -> bool:
        """True when nothing bounds the figure from above."""
        return self.high is None


def parse_count(text: str, language: str | None = "en") -> tuple[int, str]:
    """Parse "4,000", "9 900", "seven", "twenty-six", "сто", "1,5 тыс." into (value, token as written)."""
    n, token = _parse_count(text, lang.chain(language))
    if n > MAX_COUNT:
        raise ParseError(f"implausible count: above the maximum of {MAX_COUNT:,} (documented in the codebook)")
    return n, token


def _words(words: list[str], table: lang.Language) -> int:
    """The value of number words by one table: units add, scales multiply (thousands close a group)."""
    total, current = 0, 0
    for w in words:
        if w in table.skip:
            continue
        if w in table.add:
            current += table.add[w]
        elif w in table.scales:
            current = max(current, 1) * table.scales[w]
            if table.scales[w] >= 1000:
                total, current = total + current, 0
        else:
            raise ParseError(unknown_word(w))
    return total + current


def unknown_word(w: str, language: str | None = "en") -> str:
    """The rule for a number with a word we do not read: name the word and the words we know."""
    words = sorted(lang.qualifier_words(language))
    ranges = range_forms(language)
    if any(w in (o, j) for t in lang.chain(language) for o, j in t.ranges):
        return f"malformed number: '{w}' makes a range, which needs two numbers ({', '.join(ranges)})"
    return (
        f"malformed number: the word '{w}' is not a number or a qualifier word we know (qualifier words: "
        f"{', '.join(words)}; ranges: {', '.join(ranges)}; numbers in digits, 4,000, or words, seven)"
    )


def _strip_suffix(word: str, table: lang.Language) -> str:
    """A number word or digits without a case ending the table allows ("жүзден" → "жүз", "100-ден" → "100")."""
    for suffix in table.number_suffixes:
        stem = word.removesuffix(suffix).removesuffix("-")
        if stem != word and (stem.isdigit() or stem in table.add or stem in table.scales):
            return stem
    return word


def _parse_other(raw: str, table: lang.Language) -> int | None:
    """The value of a number as a non-English table reads it; None when the table does not read it."""
    simple = lang.simplify(raw)
    words = simple.replace("-", " ").split() if not re.search(r"\d", simple) else simple.split()
    if words:
        words[-1] = _strip_suffix(words[-1], table)
    joined = " ".join(words)
    if _SPACED.match(joined) or joined.isdigit():
        return int(joined.replace(" ", ""))
    scales = "|".join(re.escape(w) for w in sorted(table.decimal_scales, key=len, reverse=True))
    mark = re.escape(table.decimal_mark)
    m = re.fullmatch(rf"(\d+)(?:{mark}(\d+))? ?({scales})\.?", joined) if scales else None
    if m:
        return int(round(float(f"{m[1]}.{m[2] or 0}") * table.decimal_scales[m[3]]))
    if re.search(r"\d", joined) or not all(w in table.add or w in table.scales or w in table.skip for w in words):
        return None
    return _words(words, table)


def _parse_count(text: str, tables: tuple[lang.Language, ...] = ()) -> tuple[int, str]:
    raw = " ".join(text.strip().split())
    if not raw:
        raise ParseError("a number is required")
    if len(raw) > 100:  # never hand int() or float() thousands of digits
        raise ParseError(f"implausible count: longer than 100 characters (the maximum is {MAX_COUNT:,})")
    if _DIGITS.match(raw):
        return int(raw.replace(",", "")), raw
    if _SPACED.match(raw):
        return int(raw.replace(" ", "")), raw
    for table in tables:
        if table.code != "en":
            n = _parse_other(raw, table)
            if n is not None:
                return n, raw
    words = raw.lower().replace("-", " ").split()
    code = tables[0].code if tables else "en"
    known = {w for t in tables or (lang.get("en"),) for w in (*t.add, *t.scales, *t.skip, *t.decimal_scales)}
    stray = [w for w in words if not re.search(r"\d", w) and w.strip(".") not in known]
    if stray:  # name the word we do not read ("pass 7,900" before "pass" was known): never advice on digits
        raise ParseError(unknown_word(stray[0], code))
    if re.search(r"\d", raw):
        m = re.match(r"^(\d+(?:\.\d+)?)\s+(thousand|million)$", raw.lower())
        if m:
            return int(round(float(m.group(1)) * SCALES[m.group(2)])), raw
        raise ParseError("malformed number: use digits with comma or space thousands (4,000; 4 000) or words (seven)")
    return _words(words, lang.get("en")), raw


def parse_value(value_text: str, hedge: str = "", language: str | None = "en") -> Interval:
    """Turn a number as written plus an optional hedge into an Interval (rules in the module doc).

    `language` (the source's) picks its table in helpers.clean.lang; English is tried after it."""
    tables = lang.chain(language)
    code = tables[0].code
    text = " ".join(str(value_text).strip().split())
    key = text.casefold().replace("ё", "е")
    if not text:
        raise ParseError("a value is required")
    for table in tables:
        if key in table.vague:
            hedge_opens_upper(hedge, language)  # vague figures are open already; still reject unknown hedges
            floor, english = table.vague[key]
            return Interval("vague", None, floor, None, None, text, "", code, english)
    ranged = _parse_range(text, tables, language)
    if ranged is not None:
        if hedge_opens_upper(hedge, language):
            return Interval(**{**ranged.__dict__, "high": None})
        return ranged
    qualifier, rest, word = "exact", text, ""
    before = {w: q for t in reversed(tables) for w, q in t.qualifiers.items()}
    after = {w: q for t in reversed(tables) for w, q in t.qualifiers_after.items()}
    words, keys = text.split(), key.split()
    for phrase in sorted(before, key=len, reverse=True):
        n = len(phrase.split())
        if len(keys) > n and keys[:n] == phrase.split():
            qualifier, rest, word = before[phrase], " ".join(words[n:]), phrase
            break
    else:
        for phrase in sorted(after, key=len, reverse=True):
            n = len(phrase.split())
            if len(keys) > n and keys[-n:] == phrase.split():
                qualifier, rest, word = after[phrase], " ".join(words[:-n]), phrase
                break
    n, token = parse_count(rest, language)
    low: int | None
    best: int | None
    high: int | None
    match qualifier:
        case "exact":
            low, best, high = n, n, n
        case "almost":
            low, best, high = n - _margin(n), n, n
        case "approximately":
            low, best, high = n - _margin(n), n, n + _margin(n)
        case "at_least":
            low, best, high = n, n, None
        case "more_than":
            low, best, high = n + 1, None, None
        case "at_most":
            low, best, high = 0, None, n
        case "less_than":
            if n < 1:
                raise ParseError("'fewer than' needs a number of at least 1")
            low, best, high = 0, None, n - 1
        case _:  # pragma: no cover - the tables only map to the cases above
            raise ParseError(f"unknown qualifier {qualifier}")
    if hedge_opens_upper(hedge, language):
        high = None
    return Interval(qualifier, n, low, best, high, token, word, code)


def _range_splits(simple: str, opener: str, joiner: str) -> list[tuple[str, str]]:
    """Every (low text, high text) a range form allows in simplified text ("between X and Y" → [(X, Y)])."""
    if opener:
        if not simple.startswith(opener + " "):
            return []
        simple = simple[len(opener) + 1 :]
    if joiner == "-":  # digits on both sides: "twenty-six" is one number, "2,000-2,500" a range
        m = re.fullmatch(r"(\d[\d, ]*)-(\d[\d, ]*\S*)", simple)
        return [(m[1].strip(), m[2].strip())] if m else []
    out = []
    for m in re.finditer(rf"(?<= ){re.escape(joiner)}(?= )", simple):
        out.append((simple[: m.start()].strip(), simple[m.end() :].strip()))
    return out


def _shared_scale(lo_text: str, hi_text: str, tables: tuple[lang.Language, ...]) -> int:
    """The scale a range's high number ends with and its low number shares: "two to three thousand" is
    2,000 to 3,000 (1 when the low number has digits or a scale of its own)."""
    scales = {w: n for t in tables for w, n in t.scales.items()}
    last = hi_text.split()[-1] if hi_text.split() else ""
    lo_words = lo_text.replace("-", " ").split()
    if last in scales and not re.search(r"\d", lo_text) and not any(w in scales for w in lo_words):
        return scales[last]
    return 1


def _parse_range(text: str, tables: tuple[lang.Language, ...], language: str | None) -> Interval | None:
    """A range ("between 2,000 and 2,500", "2,000–2,500", "от 2 000 до 2 500") as low, no best, high; None
    when the text is no range form of its language. A range form whose numbers do not read is an error."""
    simple = lang.simplify(text)
    for table in tables:
        for opener, joiner in table.ranges:
            splits = _range_splits(simple, opener, joiner)
            problem = None
            for lo_text, hi_text in splits:
                try:
                    lo, lo_tok = parse_count(lo_text, language)
                    hi, hi_tok = parse_count(hi_text, language)
                except ParseError as exc:
                    problem = str(exc)
                    continue
                lo = lo * _shared_scale(lo_text, hi_text, tables)
                if lo >= hi:
                    raise ParseError(
                        f"a range goes from the lower number to the higher ('between 2,000 and 2,500'): "
                        f"{lo_tok} is not below {hi_tok}"
                    )
                word = f"{opener} … {joiner}".strip(" …") if opener else joiner
                return Interval("range", lo, lo, None, hi, lo_tok, word, tables[0].code, "", hi, hi_tok)
            if problem and opener:  # "between" said it is a range: say why it does not read
                raise ParseError(problem)
    return None


def hedge_opens_upper(hedge: str, language: str | None = "en") -> bool:
    """True when a hedge such as "may be higher" (or "может быть выше") turns the figure into a lower bound."""
    h = " ".join(str(hedge or "").casefold().replace("ё", "е").split())
    if not h:
        return False
    known = tuple(dict.fromkeys(w for t in lang.chain(language) for w in t.open_hedges))
    if h not in known:
        raise ParseError(f"unknown hedge; use one of: {', '.join(known)}", column="hedge")
    return True


def display(
    qualifier: str,
    number: int | None,
    low: int | None,
    high: int | None,
    token: str,
    word: str = "",
    number_high: int | None = None,
    token_high: str = "",
) -> str:
    """How text states a figure, in its report's words: "26 (may be higher)", "over 60", "dozens (at least 12)".

    word is the qualifier as the report writes it ("over", "almost"); without it the qualifier's usual
    word is used ("more than", "almost"). A figure whose own qualifier leaves the top open ("at least",
    "over") needs no "(may be higher)"; any other figure with an open top got it from a hedge, and says so.
    """
    if qualifier == "vague":
        return f"{token.lower()} (at least {low:,})"
    if qualifier == "range":  # every range form reads "between X and Y"
        lo = f"{number:,}" if token[:1].isdigit() and number is not None else token.lower()
        hi = f"{number_high:,}" if token_high[:1].isdigit() and number_high is not None else token_high.lower()
        return f"between {lo} and {hi}" + (" (may be higher)" if high is None else "")
    shown = f"{number:,}" if token[:1].isdigit() and number is not None else token.lower()
    opened_by_hedge = high is None and qualifier not in ("at_least", "more_than")
    suffix = " (may be higher)" if opened_by_hedge else ""
    if qualifier == "exact":
        return f"{shown}{suffix}"
    words = " ".join(word.lower().split()) or QUALIFIER_TEXT[qualifier]
    return f"{words} {shown}{suffix}"


_GROUPED = re.compile(r"\d{1,3}(?:[, ]\d{3})+|\d+")


def token_regex(token: str) -> str:
    """A regex for a number token in normalised quote text: digits match any thousands separator.

    "9,900", "9 900" and "9900" are one number, whichever the value and the quote use (a no-break or
    narrow no-break space is a space once normalised); "900" does not match inside "9 900". Any other
    token matches as written.
    """
    if not _GROUPED.fullmatch(token):
        return re.escape(token)
    digits = re.sub(r"[, ]", "", token)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return r"(?<!\d )" + "[, ]?".join(groups) + r"(?! \d)"


def display_of(iv: Interval) -> str:
    """The `display` text of a parsed figure: in English always.

    An English figure keeps its report's words (display). A figure of another language is stated in
    English with the usual qualifier word and digits ("более ста" → "more than 100", "десятки" →
    "tens (at least 10)"); its own words stay in value_text, and pages show both.
    """
    if iv.language == "en":
        return display(iv.qualifier, iv.number, iv.low, iv.high, iv.token, iv.word, iv.number_high, iv.token_high)
    token = iv.vague_english if iv.qualifier == "vague" else str(iv.number)
    return display(iv.qualifier, iv.number, iv.low, iv.high, token, "", iv.number_high, str(iv.number_high))
