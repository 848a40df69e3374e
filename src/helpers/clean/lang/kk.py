"""Kazakh: the number and date words of Kazakh-language reports (docs/codebook.md, "Coding a Russian or
Kazakh report").

Data only, read by helpers.clean.lang. Kazakh puts several qualifiers after the number, which then takes
a case ending: "100-ден астам" (more than 100), "жүзге жуық" (nearly a hundred). Number words run up to
the millions (бір, он, жиырма … тоқсан, жүз, мың, миллион, combined as "бір мың екі жүз"), each with an
optional case ending on the last word; ordinals and fractions are not read.
"""

from __future__ import annotations

__all__ = [  # the names every language table defines (see helpers.clean.lang)
    "CODE", "NAME", "QUALIFIERS", "QUALIFIERS_AFTER", "RANGES", "VAGUE", "OPEN_HEDGES", "ADD", "SCALES",
    "SKIP", "DECIMAL_SCALES", "DECIMAL_MARK", "NUMBER_SUFFIXES", "WEEKDAYS", "MONTHS", "PARTS_OF_DAY", "DATE_RULES",
]  # fmt: skip

CODE = "kk"
NAME = "Kazakh"

#: Qualifiers before the number.
QUALIFIERS: dict[str, str] = {
    "шамамен": "approximately",
    "шамасы": "approximately",
    "кем дегенде": "at_least",
    "кемінде": "at_least",
}
#: Qualifiers after the number (the number takes the ablative -дан/-ден or the dative -ға/-ге).
QUALIFIERS_AFTER: dict[str, str] = {
    "астам": "more_than",
    "аса": "more_than",
    "артық": "more_than",
    "жуық": "almost",
    "тарта": "almost",
    "шамасында": "approximately",
    "дейін": "at_most",
    "кем": "less_than",
    "асты": "more_than",
}
#: Ranges: "2 000-2 500" (any dash, digits on both sides): low, high, no best.
RANGES: tuple[tuple[str, str], ...] = (("", "-"),)

#: Vague words → (floor, English word): бірнеше "several", ондаған "tens", жүздеген "hundreds",
#: мыңдаған "thousands".
VAGUE: dict[str, tuple[int, str]] = {
    "бірнеше": (3, "several"),
    "ондаған": (10, "tens"),
    "жүздеген": (100, "hundreds"),
    "мыңдаған": (1000, "thousands"),
}

OPEN_HEDGES: tuple[str, ...] = ("бұдан да көп болуы мүмкін", "көбеюі мүмкін", "артуы мүмкін")

ADD: dict[str, int] = {
    "нөл": 0, "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60,
    "жетпіс": 70, "сексен": 80, "тоқсан": 90,
}  # fmt: skip
SCALES: dict[str, int] = {"жүз": 100, "мың": 1000, "миллион": 1_000_000}
SKIP: tuple[str, ...] = ()
DECIMAL_SCALES: dict[str, int] = {"мың": 1000, "млн": 1_000_000, "миллион": 1_000_000}
DECIMAL_MARK = ","
#: Case endings the last word of a number may carry (ablative, dative, locative), with or without a hyphen
#: after digits: "100-ден", "жүзден", "мыңнан", "бестен", "жүзге".
NUMBER_SUFFIXES: tuple[str, ...] = (
    "дан", "ден", "нан", "нен", "тан", "тен", "ға", "ге", "қа", "ке", "да", "де", "та", "те",
)  # fmt: skip


def _forms(table: dict[int, str]) -> dict[str, int]:
    return {form: value for value, forms in table.items() for form in forms.split()}


#: Weekdays bare and with the locative (жұмада "on Friday"), dative (сенбіге) and ablative endings.
WEEKDAYS: dict[str, int] = _forms({
    0: "дүйсенбі дүйсенбіде дүйсенбіге дүйсенбіден",
    1: "сейсенбі сейсенбіде сейсенбіге сейсенбіден",
    2: "сәрсенбі сәрсенбіде сәрсенбіге сәрсенбіден",
    3: "бейсенбі бейсенбіде бейсенбіге бейсенбіден",
    4: "жұма жұмада жұмаға жұмадан",
    5: "сенбі сенбіде сенбіге сенбіден",
    6: "жексенбі жексенбіде жексенбіге жексенбіден",
})  # fmt: skip
#: Months bare and with the locative (қаңтарда), dative (қаңтарға) and ablative (қаңтардан) endings.
MONTHS: dict[str, int] = _forms({
    1: "қаңтар қаңтарда қаңтарға қаңтардан", 2: "ақпан ақпанда ақпанға ақпаннан",
    3: "наурыз наурызда наурызға наурыздан", 4: "сәуір сәуірде сәуірге сәуірден",
    5: "мамыр мамырда мамырға мамырдан", 6: "маусым маусымда маусымға маусымнан",
    7: "шілде шілдеде шілдеге шілдеден", 8: "тамыз тамызда тамызға тамыздан",
    9: "қыркүйек қыркүйекте қыркүйекке қыркүйектен", 10: "қазан қазанда қазанға қазаннан",
    11: "қараша қарашада қарашаға қарашадан", 12: "желтоқсан желтоқсанда желтоқсанға желтоқсаннан",
})  # fmt: skip
PARTS_OF_DAY: dict[str, str] = {"таңертең": "morning", "түсте": "afternoon", "кешке": "evening", "түнде": "night"}

_Y = r"(?:{Y} жылғы )?"
DATE_RULES: tuple[tuple[str, str], ...] = (
    (r"(?:тәртіпсіздіктер|толқулар|наразылықтар|оқиғалар) басталғаннан бері", "since the unrest began"),
    (r"осы аптаның басында|апта басында", "earlier this week"),
    (r"осы аптада|осы апта", "this week"),
    (r"өткен аптада|өткен апта", "last week"),
    (r"кеше|алдыңғы күні", "yesterday"),
    (r"бүгін(?: таңертең| кешке)?", "today"),
    (r"түнде|кеше түнде|түні бойы", "overnight"),
    (r"келесі {WD}(?: күні)?(?: {PART})?", "next {WD} {PART}"),
    (r"келесі {WD} дейін", "until next {WD}"),
    (r"{N} (?:күн|күннің) (?:ішінде|бойы)", "within {N} days"),
    (r"{N} (?:апта|аптаның) (?:ішінде|бойы)", "within {N} weeks"),
    (r"{WD} қараған түні", "{WD-1} night"),
    (r"{WD} түні", "{WD} night"),
    (r"{WD}(?: күні)? {PART}", "{WD} {PART}"),
    (r"{WD}(?: күні)?", "{WD}"),
    (r"{WD} дейін", "until {WD}"),
    (_Y + r"{D}-{D2} {MON}(?: аралығында)?", "{D} {MON} {Y} to {D2} {MON} {Y}"),
    (_Y + r"{D} {MON} {D2} {MON2} (?:дейін|аралығында)", "{D} {MON} {Y} to {D2} {MON2} {Y}"),
    (_Y + r"{D} {MON} дейін", "until {D} {MON} {Y}"),
    (_Y + r"{D} {MON} бастап", "from {D} {MON} {Y}"),
    (_Y + r"{D} {MON}(?: күні)?", "{D} {MON} {Y}"),
    (_Y + r"{MON}", "{MON} {Y}"),
)
