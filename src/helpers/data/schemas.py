"""Table definitions, written once: they build the pandera schemas and the Frictionless datapackage.json.

RAW tables are what a person types (every cell a string); PROCESSED tables are the typed contract that
notebooks and other tools read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helpers.data import vocab
from helpers.data.vocab import PRECISIONS, QUALIFIER_VALUES

__all__ = [
    "ID",
    "Field",
    "Table",
    "F",
    "SRC",
    "EVIDENCE",
    "NOTES",
    "EVENT",
    "UPDATES",
    "PART_OF",
    "START_KIND",
    "END_KIND",
    "DURATION",
    "SOURCE_EXTRA",
    "RAW",
    "OPTIONAL",
    "DATE_PREC",
    "INFERRED",
    "START",
    "TRANSLATION",
    "END",
    "END_FROM",
    "START_KIND_P",
    "END_KIND_P",
    "ACTOR_IDS",
    "PROCESSED",
    "PANDAS_DTYPES",
    "raw_schema",
    "processed_schema",
]

if TYPE_CHECKING:
    import pandera.pandas as pa

ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


@dataclass(frozen=True)
class Field:
    """One column: its Frictionless type, meaning and constraints."""

    name: str
    type: str = "string"  # string | integer | number | date | boolean
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: a raw column that a file may leave out of its header (added later; raw files are never rewritten)
    may_be_absent: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its fields, primary key and foreign keys (column → table.column)."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    foreign_keys: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """Column names in order."""
        return [f.name for f in self.fields]

    @property
    def may_be_absent(self) -> set[str]:
        """Columns a raw file may leave out of its header."""
        return {f.name for f in self.fields if f.may_be_absent}


def F(name: str, type: str = "string", description: str = "", **kw: Any) -> Field:  # noqa: N802
    """Shorthand for Field."""
    return Field(name, type, description, **kw)


def _id(name: str, what: str) -> Field:
    return F(name, description=f"Identifier of the {what}.", required=True, unique=True, pattern=ID)


SRC = F("source_id", description="The source report this row is coded from.", required=True)
EVIDENCE = F("evidence", description="Verbatim span(s) of the source text; several spans joined by ' … '.", required=True)  # fmt: skip
NOTES = F("notes", description="Coder's notes.")
EVENT = F("event_id", description="The event this row concerns, if any.")
UPDATES = F("updates", pattern=ID, description="Id of an earlier row of the same table (same series, earlier report date) that this row updates; empty if none. See docs/codebook.md#updates.")  # fmt: skip
PART_OF = F("part_of", pattern=ID, description="figure_id of the total (same source and metric) this figure is part of; empty if none.")  # fmt: skip
START_KIND = F("start_kind", enum=vocab.DATE_KINDS, may_be_absent=True, description="planned (the report says it will start then) or actual (it did); empty: not stated. See docs/codebook.md#planned-and-actual-dates.")  # fmt: skip
END_KIND = F("end_kind", enum=vocab.DATE_KINDS, may_be_absent=True, description="planned ('will remain until 19 January') or actual ('was lifted on Saturday'); empty: not stated (a lifted row's end reads actual). See docs/codebook.md#planned-and-actual-dates.")  # fmt: skip
DURATION = F("duration_text", description="How long, as the report writes it; 'within ten days' gives an end window (see docs/codebook.md#dates), other wording stays words.")  # fmt: skip

#: Optional bibliographic columns of sources (raw and processed): a raw file written before they existed
#: stays valid (may_be_absent); empty means the report does not give it (pages say "not given").
SOURCE_EXTRA = (
    F(
        "url",
        pattern=r"^https?://[^\s\"'<>]+$",
        may_be_absent=True,
        description="Where the report was published (http or https); empty if not known.",
    ),
    F("byline", may_be_absent=True, description="The author(s) the report names; empty if it names none."),
    F(
        "published",
        pattern=r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}( ?(UTC|[+-]\d{2}:?\d{2}))?)?$",
        may_be_absent=True,
        description="Publication time as the publisher gives it: YYYY-MM-DD, optionally ' HH:MM' and a UTC offset; empty if not given.",
    ),
)

# ---------------------------------------------------------------- raw tables (as typed by a person)
RAW: dict[str, Table] = {
    t.name: t
    for t in [
        Table("sources", "Sources", "Source reports and their report dates.", (
            _id("source_id", "source"), F("title", required=True), F("publisher"),
            F("language", required=True, pattern=r"^[a-z]{2}$"),
            F("report_date", required=True, description="YYYY-MM-DD; see report_date_inferred."),
            F("report_date_precision", required=True, enum=("day",)),
            F("report_date_inferred", required=True, enum=vocab.YES_NO),
            F("report_date_note"), F("file", required=True), EVIDENCE,
            *SOURCE_EXTRA,
        ), "source_id"),
        Table("actors", "Actors", "One row per actor: the canonical name and the aliases reports use.", (
            _id("actor_id", "actor"), F("name", required=True, unique=True), F("kind", required=True, enum=vocab.ACTOR_KINDS),
            F("aliases"), NOTES,
        ), "actor_id"),
        Table("waivers", "Waivers", "Spans of a source deliberately left uncoded, with the reason.", (
            SRC, F("span", required=True), F("reason", required=True),
        ), "span"),
        Table("aliases", "Aliases", "More names for a place or actor (another language, a declined form); append-only.", (
            F("table", required=True, enum=("places", "actors")),
            F("id", required=True, pattern=ID, description="The place_id or actor_id the alias names."),
            F("alias", required=True, description="The name as a report writes it ('Алматы', 'Токаева')."),
            F("language", required=True, pattern=r"^[a-z]{2}$", description="Two-letter language code of the alias."),
        ), "alias"),
        Table("translations", "Translations", "The coder's English translation of a claim row's evidence, for a source not in English.", (
            F("table", required=True, enum=("events", "figures", "measures", "deployments", "statements", "corrections")),
            F("id", required=True, pattern=ID, description="The row's id in that table."),
            F("translation", required=True, description="The coder's English translation of the row's evidence."),
        ), "id"),
        Table("places", "Places", "Gazetteer of every place named.", (
            _id("place_id", "place"), F("name", required=True, unique=True), F("aliases"),
            F("kind", required=True, enum=vocab.PLACE_KINDS), F("admin1"), F("country_id"),
            F("latitude", required=True), F("longitude", required=True),
            F("coord_source", required=True), SRC, EVIDENCE,
        ), "place_id"),
        Table("events", "Events", "What happened, when, where and who.", (
            _id("event_id", "event"), SRC, F("date_text"), F("place"),
            F("event_type", required=True, enum=vocab.EVENT_TYPES), F("actors"),
            F("description", required=True), EVIDENCE, NOTES,
        ), "event_id"),
        Table("figures", "Figures", "Detained, killed and injured counts.", (
            _id("figure_id", "figure"), SRC, F("metric", required=True, enum=vocab.METRICS),
            F("place", required=True), F("subject", required=True), F("as_of"),
            F("value_text", required=True), F("hedge"), F("attributed_to"),
            F("context", required=True, enum=vocab.CONTEXTS), EVENT, EVIDENCE, NOTES, UPDATES, PART_OF,
            F("exact_reason", description="Why an exact figure stands beside a hedge word in its quote.",
              may_be_absent=True),
        ), "figure_id"),
        Table("measures", "Measures", "Official measures.", (
            _id("measure_id", "measure"), SRC, F("measure", required=True, enum=vocab.MEASURES),
            F("level"), F("place", required=True), F("start_text"), F("end_text"),
            F("status", required=True, enum=vocab.MEASURE_STATUS), F("announced_by"), EVENT,
            EVIDENCE, NOTES, UPDATES, START_KIND, END_KIND,
            Field(**{**DURATION.__dict__, "may_be_absent": True}),
        ), "measure_id"),
        Table("deployments", "Deployments", "Foreign forces deployed.", (
            _id("deployment_id", "deployment"), SRC, F("organisation", required=True),
            F("country", required=True), F("date_text"), F("end_text"), F("duration_text"),
            F("mandate"), EVENT, EVIDENCE, F("mandate_evidence"), NOTES, UPDATES, START_KIND, END_KIND,
            F("seen_text", may_be_absent=True, description="The day the report says the forces were still in place ('remained in Kazakhstan on Sunday' → Sunday; 'remain' → today)."),
            F("place", may_be_absent=True, description="For a change that applies to part of the deployment only ('left Almaty'): the place; empty for the whole deployment."),
        ), "deployment_id"),
        Table("corrections", "Corrections", "A later statement that withdraws or corrects a coded figure, measure or deployment; the withdrawn row stays in the data.", (
            _id("correction_id", "correction"), SRC,
            F("target", required=True, pattern=ID, description="The id of the row withdrawn or corrected (figures, measures or deployments)."),
            F("action", required=True, enum=vocab.CORRECTION_ACTIONS, description="withdrawn (no longer stands) or corrected (replaced by another row)."),
            F("replaced_by", pattern=ID, description="For a correction: the id of the row that replaces the target (same table and series)."),
            F("date_text", description="When the withdrawal or correction was made, as the report writes it (empty: the report date)."),
            F("by", description="Who withdrew or corrected it (a name or alias in actors.csv)."),
            F("reason", description="Why, as the report words it: verbatim, inside the evidence quote ('posted by mistake')."),
            EVIDENCE, NOTES,
        ), "correction_id"),
        Table("statements", "Statements", "Who said what.", (
            _id("statement_id", "statement"), SRC, F("speaker", required=True), F("speaker_role"),
            F("date_text"), F("kind", required=True, enum=vocab.STATEMENT_KINDS),
            F("attribution", required=True, enum=vocab.ATTRIBUTIONS), F("quote"),
            F("summary", required=True), EVENT, EVIDENCE, NOTES,
        ), "statement_id"),
    ]
}  # fmt: skip

#: Raw tables whose file may be absent (no rows): nothing has to be waived.
OPTIONAL = ("waivers", "aliases", "translations", "corrections")

# ---------------------------------------------------------------- processed tables (the contract)
DATE_PREC = F("date_precision", required=True, enum=PRECISIONS, description="day, week, range, month or unknown.")  # fmt: skip
INFERRED = F("date_inferred", "boolean", "True when part of the date (year, week, day) comes from context, not the text.", required=True)  # fmt: skip
START = F("start", "date", "First possible day.")
TRANSLATION = F("translation", description="The coder's English translation of the evidence (data/raw/translations.csv), shown as 'our translation'; empty for English sources.")  # fmt: skip
END = F("end", "date", "Last possible day.")

END_FROM = F(
    "end_from",
    "date",
    "First possible day of the end: the end itself for a day, the window's first day for 'within ten days'.",
)
START_KIND_P = Field(**{**START_KIND.__dict__, "may_be_absent": False})
END_KIND_P = Field(**{**END_KIND.__dict__, "may_be_absent": False})

ACTOR_IDS = F("actor_ids", description="The actors' ids (data/raw/actors.csv), ';'-separated, in the order of actors.")


def _actor_id(column: str, required: bool = False) -> Field:
    return F(f"{column}_id", description=f"The actor id (data/raw/actors.csv) of {column}.", required=required)


PROCESSED: dict[str, Table] = {
    t.name: t
    for t in [
        Table("sources", "Sources", "Source reports.", (
            _id("source_id", "source"), F("title", required=True), F("publisher"),
            F("language", required=True), F("report_date", "date", "Date of the report.", required=True),
            F("report_date_precision", required=True, enum=("day",), description="A report date is always one day."),
            F("report_date_inferred", "boolean", required=True), F("report_date_note"),
            F("path", required=True, description="Source text file, relative to data/raw/."),
            EVIDENCE, *SOURCE_EXTRA,
        ), "source_id"),
        Table("actors", "Actors", "Every actor named: canonical name, kind and the aliases reports use.", (
            _id("actor_id", "actor"), F("name", required=True, unique=True), F("kind", required=True, enum=vocab.ACTOR_KINDS),
            F("aliases"), NOTES,
        ), "actor_id"),
        Table("places", "Places", "Gazetteer of every place named in a source.", (
            _id("place_id", "place"), F("name", required=True, unique=True), F("aliases"),
            F("kind", required=True, enum=vocab.PLACE_KINDS), F("admin1"), F("country_id"),
            F("latitude", "number", "WGS84 degrees north.", required=True, minimum=-90, maximum=90),
            F("longitude", "number", "WGS84 degrees east.", required=True, minimum=-180, maximum=180),
            F("geo_precision", "integer", "ACLED geo precision (1 town, 3 region or country).", required=True, minimum=1, maximum=3),
            F("coord_source", required=True), SRC, EVIDENCE,
        ), "place_id", {"source_id": "sources.source_id", "country_id": "places.place_id"}),
        Table("events", "Events", "What happened, when, where and who.", (
            _id("event_id", "event"), SRC, START, END, DATE_PREC, INFERRED, F("date_text"),
            F("place_id"), F("event_type", required=True, enum=vocab.EVENT_TYPES), F("actors"),
            ACTOR_IDS, F("description", required=True), EVIDENCE, TRANSLATION, NOTES,
        ), "event_id", {"source_id": "sources.source_id", "place_id": "places.place_id"}),
        Table("figures", "Figures", "Counts as intervals: low, best, high (empty high = open).", (
            _id("figure_id", "figure"), SRC, F("metric", required=True, enum=vocab.METRICS),
            F("place_id", required=True), F("subject", required=True),
            F("as_of", "date", "The day the figure stands for.", required=True),
            F("as_of_inferred", "boolean", required=True),
            F("as_of_text", description="The date words as the report writes them (empty: the report date)."),
            F("value_text", required=True, description="The number as the report writes it."),
            F("qualifier", required=True, enum=QUALIFIER_VALUES),
            F("low", "integer", "Lowest value the wording allows.", required=True, minimum=0),
            F("best", "integer", "Best estimate; empty when the wording gives none.", minimum=0),
            F("high", "integer", "Highest value; empty when unbounded.", minimum=0),
            F("open_upper", "boolean", "True when nothing bounds the figure from above.", required=True),
            F("display", required=True, description="How text states the figure ('at least 26')."),
            F("hedge"), F("attributed_to"), _actor_id("attributed_to"), F("context", required=True, enum=vocab.CONTEXTS),
            EVENT, UPDATES, PART_OF, EVIDENCE, TRANSLATION, NOTES,
        ), "figure_id", {"source_id": "sources.source_id", "place_id": "places.place_id", "event_id": "events.event_id",
                         "updates": "figures.figure_id", "part_of": "figures.figure_id", "attributed_to_id": "actors.actor_id"}),
        Table("measures", "Measures", "Official measures, their level, span and status.", (
            _id("measure_id", "measure"), SRC, F("measure", required=True, enum=vocab.MEASURES),
            F("level"), F("place_id", required=True), START, END,
            F("start_precision", required=True, enum=PRECISIONS),
            F("end_precision", required=True, enum=PRECISIONS), INFERRED,
            F("start_text", description="The start as the report writes it."), F("end_text", description="The end as the report writes it."),
            DURATION, END_FROM, END_KIND_P, START_KIND_P,
            F("status", required=True, enum=vocab.MEASURE_STATUS), F("announced_by"), _actor_id("announced_by"), EVENT,
            UPDATES, EVIDENCE, TRANSLATION, NOTES,
        ), "measure_id", {"source_id": "sources.source_id", "place_id": "places.place_id", "event_id": "events.event_id",
                          "updates": "measures.measure_id", "announced_by_id": "actors.actor_id"}),
        Table("deployments", "Deployments", "Foreign forces: contributor, timing and mandate.", (
            _id("deployment_id", "deployment"), SRC, F("organisation", required=True),
            F("country", required=True), F("country_id", required=True), START, END, DATE_PREC,
            INFERRED, F("date_text", description="The arrival as the report writes it."),
            F("end_text", description="The end as the report writes it."), DURATION, END_FROM,
            F("end_precision", required=True, enum=PRECISIONS, description="How precisely the end is known (unknown: no end_text or duration; `end` is then the arrival window's last day)."),
            END_KIND_P, START_KIND_P,
            F("seen", "date", "The last day the report says the forces were in place (empty: not stated)."),
            F("seen_text", description="That day as the report writes it."),
            F("place_id", description="The place a change for part of the deployment applies to ('left Almaty'); empty: the whole deployment."),
            F("mandate"), EVENT, UPDATES, EVIDENCE, TRANSLATION, F("mandate_evidence"), NOTES,
        ), "deployment_id", {"source_id": "sources.source_id", "country_id": "places.place_id", "event_id": "events.event_id",
                             "updates": "deployments.deployment_id", "place_id": "places.place_id"}),
        Table("statements", "Statements", "Who said what, when; quotes verbatim.", (
            _id("statement_id", "statement"), SRC, F("speaker", required=True), _actor_id("speaker", True),
            F("speaker_role"), START, END, DATE_PREC, INFERRED,
            F("date_text", description="The date words as the report writes them."), F("kind", required=True, enum=vocab.STATEMENT_KINDS),
            F("attribution", required=True, enum=vocab.ATTRIBUTIONS), F("quote"),
            F("summary", required=True), EVENT, EVIDENCE, TRANSLATION, NOTES,
        ), "statement_id", {"source_id": "sources.source_id", "event_id": "events.event_id", "speaker_id": "actors.actor_id"}),
        Table("corrections", "Corrections", "Withdrawals and corrections of coded rows: who, when, why, as quoted. The withdrawn row stays in its table and is never current.", (
            _id("correction_id", "correction"), SRC,
            F("table", required=True, enum=("figures", "measures", "deployments"), description="The table of the row withdrawn or corrected."),
            F("target", required=True, description="The id of the row withdrawn or corrected."),
            F("action", required=True, enum=vocab.CORRECTION_ACTIONS),
            F("replaced_by", description="For a correction: the row that replaces the target."),
            F("date", "date", "The day of the withdrawal or correction (the report date when the text gives none).", required=True),
            INFERRED, F("date_text", description="The date words as the report writes them."),
            F("by"), _actor_id("by"), F("reason", description="Why, verbatim from the evidence."),
            EVIDENCE, TRANSLATION, NOTES,
        ), "correction_id", {"source_id": "sources.source_id", "by_id": "actors.actor_id"}),
        Table("coverage", "Coverage", "Each sentence of each source: coded or not, and its numbers, dates and names not covered.", (
            _id("sentence_id", "sentence (source id and sentence number)"), SRC,
            F("sentence", "integer", "Sentence number in the source, from 1.", required=True, minimum=1),
            F("text", required=True, description="The sentence, white space folded."),
            F("coded", "boolean", "True when an evidence quote of a claim table overlaps the sentence.", required=True),
            F("spans", "integer", "Numbers, number words, vague quantities, dates and names found.", required=True, minimum=0),
            F("covered", "integer", "Of those, inside an evidence quote.", required=True, minimum=0),
            F("waived", "integer", "Of those, inside a waiver (data/raw/waivers.csv) and no quote.", required=True, minimum=0),
            F("uncovered", "integer", "Of those, in neither.", required=True, minimum=0),
            F("uncovered_spans", description="The uncovered spans, joined by ' | '."),
        ), "sentence_id", {"source_id": "sources.source_id"}),
        Table("acled_events", "Events in ACLED's format", "Events with ACLED column names and vocabularies.", (
            _id("event_id_cnty", "event"), F("event_date", "date", required=True),
            F("year", "integer", required=True),
            F("time_precision", "integer", required=True, minimum=1, maximum=3),
            F("event_type", required=True), F("sub_event_type", required=True),
            F("actor1"), F("actor2"), F("country", required=True), F("admin1"), F("location"),
            F("latitude", "number"), F("longitude", "number"),
            F("geo_precision", "integer", minimum=1, maximum=3), F("source", required=True),
            F("notes", required=True), F("fatalities", "integer", required=True, minimum=0),
        ), "event_id_cnty"),
    ]
}  # fmt: skip

PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "date": "datetime64[us]",
    "boolean": "boolean",
}


def _checks(f: Field) -> list[pa.Check]:
    import pandera.pandas as pa

    checks: list[pa.Check] = []
    if f.enum:
        checks.append(pa.Check.isin(list(f.enum), error=f"must be one of: {', '.join(f.enum)}"))
    if f.pattern:
        checks.append(pa.Check.str_matches(f.pattern, error=f"must match {f.pattern}"))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, error=f"must be >= {f.minimum:g}"))
    if f.maximum is not None:
        checks.append(pa.Check.le(f.maximum, error=f"must be <= {f.maximum:g}"))
    return checks


def raw_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema for a raw table: strings, required cells, vocabularies, unique ids."""
    import pandera.pandas as pa

    cols = {
        f.name: pa.Column("string", nullable=not f.required, unique=f.unique, checks=_checks(f))
        for f in table.fields
        if f.type == "string"
    }
    return pa.DataFrameSchema(cols, strict=False, name=f"raw {table.name}")


def processed_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema for a processed table, with typed columns and cross-column rules."""
    import pandera.pandas as pa

    cols = {
        f.name: pa.Column(
            PANDAS_DTYPES[f.type],
            nullable=not f.required,
            unique=f.unique,
            checks=_checks(f),
            coerce=True,
        )
        for f in table.fields
    }
    checks: list[pa.Check] = []
    if {"low", "high"} <= set(table.columns):
        checks.append(
            pa.Check(
                lambda d: d["high"].isna() | (d["low"] <= d["high"]),
                error="low must not exceed high",
            )
        )
        checks.append(
            pa.Check(
                lambda d: d["best"].isna() | ((d["low"] <= d["best"]) & (d["high"].isna() | (d["best"] <= d["high"]))),
                error="best must lie between low and high",
            )
        )
    if {"start", "end"} <= set(table.columns):
        checks.append(
            pa.Check(
                lambda d: d["start"].isna() | d["end"].isna() | (d["start"] <= d["end"]),
                error="end must not be before start",
            )
        )
    return pa.DataFrameSchema(cols, checks=checks, strict=True, ordered=True, name=table.name)
