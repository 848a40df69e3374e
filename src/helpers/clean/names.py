"""Homoglyph names: a place or actor name that looks like another one but is spelt with other letters.

A place named "Аlmaty" with a Cyrillic "А" would be a second place beside "Almaty", with its own page and
coordinates, and no reader could tell them apart. Two checks, on `name` and every `aliases` item of
places.csv and actors.csv:

- **Mixed scripts in one word.** A word whose letters come from more than one of the scripts that share
  look-alike letters (Latin, Cyrillic, Greek) is an error in a `name`; in `aliases` it is allowed, since
  an alias is how a report spelt a name, and a report may misspell it.
- **Confusable with another row.** Names are reduced to a skeleton (Cyrillic and Greek look-alikes of
  Latin letters mapped to them, then case folded, as in Unicode TR39's confusables); a name or alias whose
  skeleton equals that of another row's name or alias, while the text differs, is an error naming that
  row. The same row's aliases may be confusable with its own name (that is what an alias is for).

The look-alike table is small and kept here (the letters that Latin, Cyrillic and Greek share in shape).
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from helpers.clean.context import Context, rows
from helpers.clean.readers import LINE

__all__ = ["check", "mixed_word", "skeleton"]

#: Scripts whose letters look alike; a word should use one of them.
LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")

#: Cyrillic and Greek letters that look like a Latin letter (upper and lower case), after Unicode TR39.
_LOOKALIKES = {
    **dict(zip("АВЕЅІЈКМНОРСТХУаеіјорсухѕԁԛԝһӏ", "ABESIJKMHOPCTXYaeijopcyxsdqwhl", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβικνορτυχ", "ABEZHIKMNOPTYXaBiKvopTuX", strict=True)),
}
_TO_LATIN = str.maketrans(_LOOKALIKES)


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0]
    return script if script in LOOKALIKE_SCRIPTS else None


def mixed_word(name: str) -> str | None:
    """The first word of `name` whose letters come from more than one look-alike script, or None."""
    for word in name.split():
        if len({s for s in map(_script, word) if s}) > 1:
            return word
    return None


def skeleton(name: str) -> str:
    """A name as it looks: NFKC, look-alike letters mapped to Latin, white space folded, case folded."""
    text = unicodedata.normalize("NFKC", name).translate(_TO_LATIN)
    return " ".join(text.casefold().split())


def _names(row: dict) -> list[tuple[str, str]]:
    out = [("name", row.get("name") or "")]
    out += [("aliases", a.strip()) for a in (row.get("aliases") or "").split(";")]
    return [(col, n) for col, n in out if n]


def check(frames: dict[str, pd.DataFrame], ctx: Context) -> None:
    """Record an error for each mixed-script name and each name confusable with another row's (module doc)."""
    for table, key in (("places", "place_id"), ("actors", "actor_id")):
        frame = frames.get(table)
        if frame is None or key not in frame:
            continue
        seen: dict[str, tuple[str, str, int]] = {}  # skeleton → (text, row id, line)
        entries = [(row, col, name) for row in rows(frame) for col, name in _names(row)]
        entries.sort(key=lambda e: e[1] != "name")  # names first: an alias is measured against every name
        for row, col, name in entries:
            rid = str(row.get(key) or "")
            word = mixed_word(name)
            if word and col == "name":
                rule = f"the word '{word}' mixes Latin, Cyrillic or Greek letters: type it in one script"
                ctx.fail(table, row, col, rule)
            sk = skeleton(name)
            other = seen.get(sk)
            if other is None:
                seen[sk] = (name, rid, int(row.get(LINE) or 0))
            elif other[1] != rid and other[0].casefold() != name.casefold():  # equal names: the duplicate check
                ctx.fail(
                    table,
                    row,
                    col,
                    f"looks like '{other[0]}' of {other[1]} (line {other[2]}) but is spelt with other letters; "
                    "use that row, or add the spelling to its aliases",
                    value=name,
                )
