"""One reader vocabulary: a column, a code, a date or a missing value reads the same in a table built by
`readable`, in a cell `page.table` formats, in a chart label and in a report's parameter list.

These are behaviour tests on made-up frames (no processed data needed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from helpers import views
from helpers.data import vocab, words
from helpers.page import core as page
from helpers.reports import render
from helpers.text import vocabulary as v

SRC = Path(__file__).resolve().parents[1] / "src" / "helpers"


def test_every_layer_uses_the_same_dictionaries() -> None:
    assert page.LABELS is v.HEADERS and page.WORDS is v.WORDS is words.WORDS
    assert page.MISSING == v.MISSING == views.MISSING == words.MISSING
    assert page.cell is v.cell and page.header is v.header and views.readable is v.readable
    assert views.day is v.day is words.day and views.short_day is v.short_day


@pytest.mark.parametrize("column", ["metric", "measure", "event_type", "status", "kind", "context", "qualifier"])
def test_table_header_cell_and_parameter_agree_for_a_code_column(column: str) -> None:
    codes = {
        "metric": vocab.METRICS,
        "measure": vocab.MEASURES,
        "event_type": vocab.EVENT_TYPES,
        "status": vocab.MEASURE_STATUS,
        "kind": vocab.STATEMENT_KINDS,
        "context": vocab.CONTEXTS,
        "qualifier": ("at_least", "more_than"),
    }[column]
    frame = pd.DataFrame({column: list(codes)})
    shown = v.readable(frame, [column])
    head = v.header(column)
    assert list(shown.columns) == [head]
    for code, text in zip(codes, shown[head], strict=True):
        assert text == v.cell(code, column) == v.word(code) == page.code_words(code)
        assert "_" not in text
    if column in render.PARAM_CODES:  # a parameter of the same name is headed and spelled like the column
        rows = render.parameter_rows({column: codes[0]})
        assert rows == [(head, v.word(codes[0]))]


def test_the_words_that_two_definitions_used_to_disagree_on() -> None:
    assert v.cell("counter_terrorist_operation", "measure") == "anti-terrorist operation"  # as the report says
    frame = pd.DataFrame({"measure": ["counter_terrorist_operation"], "value_text": ["over 5,800"]})
    assert v.readable(frame, ["measure", "value_text"]).to_dict("records") == [
        {"Measure": "anti-terrorist operation", "As written": "over 5,800"}
    ]
    assert v.header("value_text") == page.header("value_text") == "As written"
    assert render.parameter_value("metrics", ["killed"]) == v.cell("killed", "metric")


def test_parameters_are_headed_like_their_columns() -> None:
    for name in ("place", "metric", "as_of", "start", "end"):
        assert render.parameter_rows({name: "x"})[0][0] == v.header(name)
    # a source id is shown as the report's title, so it is headed like the title column
    assert render.parameter_rows({"source_id": "x"})[0][0] == v.header("title")


def test_missing_values_read_as_one_mark_everywhere() -> None:
    frame = pd.DataFrame(
        {
            "as_of": pd.to_datetime([pd.NaT]),
            "best": pd.array([pd.NA], dtype="Int64"),
            "metric": pd.array([pd.NA], dtype="string"),
            "notes": [""],
            "open_upper": pd.array([pd.NA], dtype="boolean"),
        }
    )
    shown = v.readable(frame, list(frame.columns))
    assert set(shown.iloc[0]) == {v.MISSING}
    assert {v.cell(None), v.cell(pd.NA), v.cell(float("nan")), v.cell(pd.NaT), v.short_day(None)} == {v.MISSING}


def test_one_date_style_for_sentences_and_one_for_cells() -> None:
    d = pd.Timestamp("2022-01-07")
    assert v.day(d) == v.date_words(d) == "7 January 2022"
    assert v.short_day(d) == v.short_date(d) == v.cell(d) == "7 Jan 2022"
    assert v.short_date(pd.Timestamp("2022-01-07 14:30")) == "7 Jan 2022 14:30"
    assert v.span_words(d, pd.Timestamp("2022-01-19")) == "7 Jan – 19 Jan 2022"
    assert v.days_words([d, pd.Timestamp("2022-01-08")]) == "7 and 8 January 2022"
    assert v.day(None) == "not given"


def test_plurals() -> None:
    assert v.plural(1, "statement") == "1 statement"
    assert v.plural(2, "country") == "2 countries"
    assert v.plural(2, "day") == "2 days"
    assert v.plural(1200, "figure") == "1,200 figures"
    assert v.plural(3, "series", "series") == "3 series"
    assert v.and_words(["a", "b", "c"]) == "a, b and c"


def test_an_unknown_column_gets_a_plain_header() -> None:
    assert v.header("speaker_id") == "Speaker id"
    assert v.header("anything_new", {"anything_new": "Given"}) == "Given"


# ---------------------------------------------------------------- the shape of the packages


def _defs(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out


def test_each_vocabulary_name_is_defined_once() -> None:
    names = ["HEADERS", "LABELS", "WORDS", "MISSING", "CODE_COLUMNS", "day", "short_day", "date_words"]
    names += ["short_date", "word", "code_words", "cell", "header", "plural", "readable", "crisis_start"]
    where: dict[str, list[str]] = {n: [] for n in names}
    for path in SRC.rglob("*.py"):
        if path.parts[-2] in ("clean", "coding"):  # raw-stage code: see the note on crisis_start below
            continue
        for n in _defs(path) & set(names):
            where[n].append(str(path.relative_to(SRC)))
    # clean and coding compute the crisis start from the raw rows, before any processed table exists
    assert {n: w for n, w in where.items() if len(w) > 1} == {}


def test_analysis_imports_no_later_stage() -> None:
    for path in (SRC / "analysis").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers."):
                stage = node.module.split(".")[1]
                assert stage in ("analysis", "data", "paths", "errors"), f"{path.name} imports {node.module}"


def test_every_new_module_declares_its_public_names() -> None:
    for path in [*(SRC / "analysis").glob("*.py"), *(SRC / "text").glob("*.py"), SRC / "data" / "words.py"]:
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = next(
            n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "__all__"
        )
        public = {e.value for e in declared.value.elts}  # type: ignore[attr-defined]
        defined = {n for n in _defs(path) if not n.startswith("_") and n != "__all__"}
        assert defined <= public, path.name  # text.vocabulary also re-exports data.words


def test_the_views_facade_reexports_every_public_name() -> None:
    import importlib

    for mod in ("common", "figures", "measures", "deployments", "statements", "timeline", "places", "quality"):
        m = importlib.import_module(f"helpers.analysis.{mod}")
        assert set(m.__all__) <= set(views.__all__), mod
    for mod in ("vocabulary", "sentences"):
        m = importlib.import_module(f"helpers.text.{mod}")
        assert set(m.__all__) <= set(views.__all__), mod
    assert all(hasattr(views, n) for n in views.__all__)
    assert not hasattr(views, "measure_status")  # dead code, gone


def test_a_paraphrase_gets_no_quote_marks_and_an_unnamed_announcer_reads_not_stated() -> None:
    import pandas as pd

    from helpers import views

    mandate = pd.DataFrame({"speaker": ["MADE-UP Ministry"], "quote": ["to support the local forces"], "row_id": ["X"]})
    ((sentence, _),) = views.mandate_notes(mandate)
    assert "“" not in sentence and "”" not in sentence
    assert sentence.endswith("not a quotation of the speaker): to support the local forces.")
    cells = views.readable(pd.DataFrame({"announced_by": [None, "MADE-UP Office"]}), ["announced_by"])
    assert list(cells.iloc[:, 0]) == ["not stated", "MADE-UP Office"]
    assert list(cells.columns) == ["Announced or stated by"]


def test_an_unstated_kind_of_violence_reads_as_such_and_asserts_no_acled_violence_type() -> None:
    from helpers import views
    from helpers.data import vocab

    assert views.word("violence") == "violence reported (kind not stated)"
    assert vocab.ACLED_TYPES["violence"][0] not in ("Riots", "Battles", "Violence against civilians")


def test_a_qualifier_code_reads_the_same_in_every_table_and_sentence() -> None:
    """Issue 16 point 3: 'approximately' read 'approximately' in table cells and 'about' on the quality page."""
    from helpers.data.vocab import QUALIFIER_TEXT
    from helpers.data.words import QUALIFIER_WORDS, word

    for code, text in QUALIFIER_TEXT.items():
        if text and code != "range":  # 'between' needs its 'and'; the range reads 'between X and Y' in full
            assert word(code) == text, code
            assert QUALIFIER_WORDS[code].startswith(text), code
