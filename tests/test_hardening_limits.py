"""Hardening (issue 22.6): a source text over the documented size limit (files.MAX_SOURCE_BYTES, 2 MB;
a news report is about 10 KB) is refused by new-source, add, quote and clean with a clear error.
MADE-UP fixtures only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import errors_for, made_up_raw

from helpers.cli import main as cli
from helpers.files import MAX_SOURCE_BYTES

SID = "TEST-S1"
LINE = b"MADE UP: a sentence of a made-up report, repeated to pass the limit.\n"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def _grow(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data + LINE * ((MAX_SOURCE_BYTES - len(data)) // len(LINE) + 1))
    assert path.stat().st_size > MAX_SOURCE_BYTES


def test_the_limit_is_two_megabytes() -> None:
    assert MAX_SOURCE_BYTES == 2_000_000


def test_new_source_refuses_a_text_over_the_limit(raw: Path, tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"MADE UP big report\n")
    _grow(big)
    assert run(raw, "new-source", str(big), "--date", "2022-01-09", "--id", "TEST-BIG") == 1
    err = capsys.readouterr().err
    assert "over the size limit of 2,000,000 bytes" in err and "Traceback" not in err
    assert not (raw / "sources" / "TEST-BIG.txt").exists()


def test_a_text_at_the_limit_is_accepted(raw: Path, tmp_path: Path) -> None:
    text = tmp_path / "at-limit.txt"
    head = b"MADE UP report at the size limit\n"
    text.write_bytes(head + b"x" * (MAX_SOURCE_BYTES - len(head) - 1) + b"\n")
    assert text.stat().st_size == MAX_SOURCE_BYTES
    assert run(raw, "new-source", str(text), "--date", "2022-01-09", "--id", "TEST-EDGE") == 0


QUOTE = ["quote", SID, "made-up"]
ADD = ["add", "figures", SID, "--like", "TEST-F1", "-q", "x"]


@pytest.mark.parametrize("command", [QUOTE, ADD])
def test_quote_and_add_refuse_a_source_over_the_limit(raw: Path, command: list[str], capsys) -> None:
    _grow(raw / "sources" / "test-2022-01-08.txt")
    before = (raw / "figures.csv").read_bytes()
    assert run(raw, *command) == 1
    err = capsys.readouterr().err
    assert "over the size limit of 2,000,000 bytes" in err
    assert (raw / "figures.csv").read_bytes() == before


def test_clean_refuses_a_source_over_the_limit(raw: Path) -> None:
    _grow(raw / "sources" / "test-2022-01-08.txt")
    messages = errors_for(raw)
    wanted = [m for m in messages if "sources.csv:2: column 'file'" in m and "over the size limit of 2,000,000" in m]
    assert wanted, messages


# ---------------------------------------------------------------- linear coverage and fold: same results

TRICKY = "MADE UP: “Quoted” ﬁgures  ,  x \u00a0 ʼ É ß On 7 January, 1,200 people… «Almaty» said 45 . \n\n Ok"


def _reference_fold(text: str) -> tuple[str, list[int]]:
    """The fold as first written (one tuple per character): the linear one must give the same."""
    import unicodedata

    from helpers.clean.locate import _PUNCT, _QUOTE_CHARS
    from helpers.clean.provenance import _QUOTES

    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_QUOTES).casefold():
            c = " " if c.isspace() else c
            if c == " " and (not chars or chars[-1][0] == " "):
                continue
            chars.append((c, i))
    kept: list[tuple[str, int]] = []
    for k, (c, i) in enumerate(chars):
        if c == " ":
            prev = kept[-1][0] if kept else ""
            nxt = chars[k + 1][0] if k + 1 < len(chars) else ""
            if not prev or not nxt or prev in _QUOTE_CHARS or nxt in _QUOTE_CHARS or nxt in _PUNCT:
                continue
        kept.append((c, i))
    return "".join(c for c, _ in kept), [i for _, i in kept]


@pytest.mark.parametrize("text", [TRICKY, TRICKY * 50, " " + TRICKY[::-1] + " ", ""])
def test_the_linear_fold_gives_the_same_text_and_offsets(text: str) -> None:
    from helpers.clean import locate

    folded = locate.fold(text)
    assert (folded.text, list(folded.offsets)) == _reference_fold(text)


def test_candidates_never_overlap_and_prefer_the_longest(text: str = TRICKY * 20) -> None:
    from helpers.clean import coverage

    found = coverage.candidates(text)
    assert found == sorted(found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))
    assert any(text[s:e] == "7 January" for s, e, _ in found)  # the date, not the number inside it
