"""Russian: the number and date words of Russian-language reports (docs/codebook.md, "Coding a Russian or
Kazakh report").

Data only: helpers.clean.lang reads these tables and helpers.clean.numbers / helpers.clean.dates apply
them. Every word is matched lower-cased and with ё read as е, so each form is listed once, with е.
Number words are listed in their case forms ("более ста", "около тысячи", "свыше девятнадцати").
"""

from __future__ import annotations

__all__ = [  # the names every language table defines (see helpers.clean.lang)
    "CODE", "NAME", "QUALIFIERS", "QUALIFIERS_AFTER", "RANGES", "VAGUE", "OPEN_HEDGES", "ADD", "SCALES",
    "SKIP", "DECIMAL_SCALES", "DECIMAL_MARK", "NUMBER_SUFFIXES", "WEEKDAYS", "MONTHS", "PARTS_OF_DAY", "DATE_RULES",
]  # fmt: skip

CODE = "ru"
NAME = "Russian"

#: A qualifier before the number → qualifier code. почти is "almost" (the true value is a little under
#: N); около, примерно, приблизительно and порядка are "about" (N give or take 10%).
QUALIFIERS: dict[str, str] = {
    "почти": "almost",
    "без малого": "almost",
    "чуть менее": "almost",
    "чуть меньше": "almost",
    "около": "approximately",
    "примерно": "approximately",
    "приблизительно": "approximately",
    "порядка": "approximately",
    "не менее": "at_least",
    "не меньше": "at_least",
    "как минимум": "at_least",
    "по меньшей мере": "at_least",
    "более": "more_than",
    "более чем": "more_than",
    "больше": "more_than",
    "свыше": "more_than",
    "превысило": "more_than",
    "превысил": "more_than",
    "превысила": "more_than",
    "превысили": "more_than",
    "превышает": "more_than",
    "до": "at_most",
    "не более": "at_most",
    "не больше": "at_most",
    "менее": "less_than",
    "менее чем": "less_than",
    "меньше": "less_than",
}
QUALIFIERS_AFTER: dict[str, str] = {}
#: Ranges: "от 2 000 до 2 500" and "2 000-2 500" (any dash, digits on both sides): low, high, no best.
RANGES: tuple[tuple[str, str], ...] = (("от", "до"), ("", "-"))

#: Vague words → (floor, English word). десятки ("tens") has the floor of one ten, 10, as "dozens" has
#: one dozen, 12; несколько is "several" (3).
VAGUE: dict[str, tuple[int, str]] = {
    "несколько": (3, "several"),
    "десятки": (10, "tens"),
    "десятков": (10, "tens"),
    "сотни": (100, "hundreds"),
    "сотен": (100, "hundreds"),
    "тысячи": (1000, "thousands"),
    "тысяч": (1000, "thousands"),
}

OPEN_HEDGES: tuple[str, ...] = (
    "может быть выше",
    "может оказаться выше",
    "может вырасти",
    "может возрасти",
    "как минимум",
)


def _forms(table: dict[int, str]) -> dict[str, int]:
    return {form: value for value, forms in table.items() for form in forms.split()}


#: Number words that add, every case form (the nominative first).
ADD: dict[str, int] = _forms({
    0: "ноль нуля нулю нолем нулем",
    1: "один одного одному одним одном одна одной одну одно",
    2: "два две двух двум двумя",
    3: "три трех трем тремя",
    4: "четыре четырех четырем четырьмя",
    5: "пять пяти пятью",
    6: "шесть шести шестью",
    7: "семь семи семью",
    8: "восемь восьми восьмью восемью",
    9: "девять девяти девятью",
    10: "десять десяти десятью десяток десятка десятку десятком десятке",
    11: "одиннадцать одиннадцати одиннадцатью",
    12: "двенадцать двенадцати двенадцатью",
    13: "тринадцать тринадцати тринадцатью",
    14: "четырнадцать четырнадцати четырнадцатью",
    15: "пятнадцать пятнадцати пятнадцатью",
    16: "шестнадцать шестнадцати шестнадцатью",
    17: "семнадцать семнадцати семнадцатью",
    18: "восемнадцать восемнадцати восемнадцатью",
    19: "девятнадцать девятнадцати девятнадцатью",
    20: "двадцать двадцати двадцатью",
    30: "тридцать тридцати тридцатью",
    40: "сорок сорока",
    50: "пятьдесят пятидесяти пятьюдесятью",
    60: "шестьдесят шестидесяти шестьюдесятью",
    70: "семьдесят семидесяти семьюдесятью",
    80: "восемьдесят восьмидесяти восемьюдесятью восьмьюдесятью",
    90: "девяносто девяноста",
    100: "сто ста",
    200: "двести двухсот двумстам двумястами двухстах",
    300: "триста трехсот тремстам тремястами трехстах",
    400: "четыреста четырехсот четыремстам четырьмястами четырехстах",
    500: "пятьсот пятисот пятистам пятьюстами пятистах",
    600: "шестьсот шестисот шестистам шестьюстами шестистах",
    700: "семьсот семисот семистам семьюстами семистах",
    800: "восемьсот восьмисот восьмистам восемьюстами восьмьюстами восьмистах",
    900: "девятьсот девятисот девятистам девятьюстами девятистах",
})  # fmt: skip
#: Words that multiply what comes before them ("две тысячи", "тысяча двести").
SCALES: dict[str, int] = _forms({
    1000: "тысяча тысячи тысяч тысячу тысячей тысячею тысячам тысячами тысячах",
    1_000_000: "миллион миллиона миллионов миллиону миллионом миллионам миллионами миллионах",
})  # fmt: skip
SKIP: tuple[str, ...] = ()
#: "1,5 тыс." = 1,500: a decimal comma before a scale word or its abbreviation.
DECIMAL_SCALES: dict[str, int] = {"тыс": 1000, "млн": 1_000_000, **SCALES}
DECIMAL_MARK = ","
NUMBER_SUFFIXES: tuple[str, ...] = ()

#: Weekdays in the forms dates use: в пятницу (accusative), до пятницы (genitive), к пятнице (dative).
WEEKDAYS: dict[str, int] = _forms({
    0: "понедельник понедельника понедельнику",
    1: "вторник вторника вторнику",
    2: "среда среду среды среде",
    3: "четверг четверга четвергу",
    4: "пятница пятницу пятницы пятнице",
    5: "суббота субботу субботы субботе",
    6: "воскресенье воскресенья воскресенью",
})  # fmt: skip
#: Months: 19 января (genitive), январь, в январе.
MONTHS: dict[str, int] = _forms({
    1: "января январь январе", 2: "февраля февраль феврале", 3: "марта март марте",
    4: "апреля апрель апреле", 5: "мая май мае", 6: "июня июнь июне", 7: "июля июль июле",
    8: "августа август августе", 9: "сентября сентябрь сентябре", 10: "октября октябрь октябре",
    11: "ноября ноябрь ноябре", 12: "декабря декабрь декабре",
})  # fmt: skip
PARTS_OF_DAY: dict[str, str] = {"утром": "morning", "днем": "afternoon", "вечером": "evening", "ночью": "night"}

_Y = r"(?: {Y}(?: года| г\.?)?)?"
#: Each rule: a pattern of the whole date text → its English counterpart (helpers.clean.dates reads that).
#: {WD} weekday, {WD-1} the weekday before it, {MON} month, {D} day, {Y} year, {PART} part of the day, {N} a
#: number of days or weeks (a duration: "в течение десяти дней" → "within десяти days", read by
#: helpers.clean.dates.parse_duration with this language's number words). "в следующий четверг" is ahead
#: of the report ("next thursday").
DATE_RULES: tuple[tuple[str, str], ...] = (
    (r"с (?:самого )?начала (?:массовых )?(?:беспорядков|протестов|волнений|событий)", "since the unrest began"),
    (r"ранее на этой неделе|в начале (?:этой )?недели", "earlier this week"),
    (r"на этой неделе", "this week"),
    (r"на прошлой неделе", "last week"),
    (r"накануне|вчера", "yesterday"),
    (r"сегодня(?: утром| днем| вечером)?", "today"),
    (r"ночью|этой ночью|минувшей ночью|прошлой ночью|в ночь на сегодня", "overnight"),
    (r"(?:(?:в|во) )?(?:следующ(?:ий|ую|ее)|ближайш(?:ий|ую|ее)) {WD}(?: {PART})?", "next {WD} {PART}"),
    (r"(?:до|к) (?:следующего|следующей|ближайшего|ближайшей) {WD}", "until next {WD}"),
    (r"в течение {N} (?:дней|дня|день|суток)", "within {N} days"),
    (r"в течение {N} (?:недель|недели|неделю)", "within {N} weeks"),
    (r"в течение (?:недели|недель)", "within 1 week"),
    (r"в ночь с {WD} на {WD2}", "{WD} night"),
    (r"в ночь на {WD}", "{WD-1} night"),
    (r"(?:(?:в|во) )?{WD} {PART}", "{WD} {PART}"),
    (r"{PART} (?:(?:в|во) )?{WD}", "{WD} {PART}"),
    (r"(?:(?:в|во) )?{WD}", "{WD}"),
    (r"(?:до|к|по) {WD}", "until {WD}"),
    (r"(?:с|со) {WD}", "from {WD}"),
    (r"(?:с|со) {D} (?:по|до) {D2} {MON}" + _Y, "{D} {MON} {Y} to {D2} {MON} {Y}"),
    (r"(?:с|со) {D} {MON} (?:по|до) {D2} {MON2}" + _Y, "{D} {MON} {Y} to {D2} {MON2} {Y}"),
    (r"{D}-{D2} {MON}" + _Y, "{D} {MON} {Y} to {D2} {MON} {Y}"),
    (r"(?:до|по|к) {D} {MON}" + _Y, "until {D} {MON} {Y}"),
    (r"(?:с|со) {D} {MON}" + _Y, "from {D} {MON} {Y}"),
    (r"{D} {MON}" + _Y, "{D} {MON} {Y}"),
    (r"(?:в )?{MON}" + _Y, "{MON} {Y}"),
)
