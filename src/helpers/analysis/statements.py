"""Statements as of a day: split quotes, speaker labels that mark implied speakers, counts per speaker, mandate
quotes.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import _upto
from helpers.data.quotes import separated
from helpers.data.tables import Tables
from helpers.data.words import MISSING, is_blank

__all__ = ["quote_parts", "quote_text", "speaker_label", "statements", "speakers", "mandate_quotes"]


def quote_parts(quote: object) -> list[str]:
    """A coded quote split into its verbatim fragments ('a … b' and 'a [...] b' are two quotes, not one).

    The split is helpers.data.quotes' (the one rule clean checks spans by and Sources shows them by)."""
    if is_blank(quote):
        return []
    return [q.strip() for q, is_span in separated(str(quote)) if is_span and q.strip()]


def quote_text(quote: object) -> str:
    """Each verbatim fragment in its own quotation marks: '“bandits and terrorists” … “nonsense”'."""
    parts = quote_parts(quote)
    return " … ".join(f"“{p}”" for p in parts) if parts else MISSING


def speaker_label(speaker: object, attribution: object) -> str:
    """The speaker as the report gives them: 'X (implied: not named in the report)' for implied speakers."""
    return f"{speaker} (implied: not named in the report)" if attribution == "implied" else str(speaker)


def statements(t: Tables, speaker: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements with the event they concern, speaker labels that mark implied speakers, split quotes."""
    s = _upto(t, t.statements, as_of).merge(
        t.events[["event_id", "description"]].rename(columns={"description": "concerns"}),
        on="event_id",
        how="left",
    )
    if speaker:
        s = s[s["speaker"] == speaker]
    s = s.assign(
        speaker_label=[speaker_label(a, b) for a, b in zip(s["speaker"], s["attribution"], strict=True)],
        quote_text=s["quote"].map(quote_text),
    )
    return s.sort_values(["start", "statement_id"], na_position="last").reset_index(drop=True)


def speakers(t: Tables, speaker: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements per speaker, implied attributions counted apart, quotes and paraphrases apart."""
    s = statements(t, speaker, as_of)
    if s.empty:
        return pd.DataFrame(columns=["speaker", "direct", "indirect", "total"])
    c = s.groupby(["speaker_label", "kind"]).size().unstack(fill_value=0)
    for k in ("direct", "indirect"):
        if k not in c:
            c[k] = 0
    c["total"] = c["direct"] + c["indirect"]
    c = c.reset_index().rename(columns={"speaker_label": "speaker"})
    return c.sort_values(["total", "speaker"], ascending=[False, True]).reset_index(drop=True)[
        ["speaker", "direct", "indirect", "total"]
    ]


def mandate_quotes(t: Tables, deps: pd.DataFrame) -> pd.DataFrame:
    """Each quoted fragment of a deployment's mandate with its own speaker (one quote, one speaker).

    The speaker is that of the statement whose evidence holds the fragment; a fragment no statement
    holds is shown with 'speaker not coded'. Statements linked to the deployment's event are added.
    """
    s = statements(t)
    rows = []
    seen = set()
    for ev, src in deps[["mandate_evidence", "source_id"]].drop_duplicates().itertuples(index=False):
        for frag in quote_parts(ev):
            if frag in seen:
                continue
            seen.add(frag)
            hit = s[s["evidence"].str.contains(frag, regex=False, na=False)]
            if len(hit):
                h = hit.iloc[0]
                rows.append(
                    {
                        "quote": frag,
                        "speaker": h["speaker_label"],
                        "row_id": h["statement_id"],
                        "source_id": h["source_id"],
                        "evidence": h["evidence"],
                    }
                )
            else:
                dep = deps[deps["mandate_evidence"] == ev].iloc[0]
                rows.append(
                    {
                        "quote": frag,
                        "speaker": "speaker not named in the coded statements",
                        "row_id": dep["deployment_id"],
                        "source_id": src,
                        "evidence": ev,
                    }
                )
    linked = s[s["event_id"].isin(deps["event_id"].dropna()) & s["quote"].notna()]
    for h in linked.itertuples():
        if h.statement_id in {r["row_id"] for r in rows}:
            continue
        for frag in quote_parts(h.quote):
            rows.append(
                {
                    "quote": frag,
                    "speaker": h.speaker_label,
                    "row_id": h.statement_id,
                    "source_id": h.source_id,
                    "evidence": h.evidence,
                }
            )
    cols = ["quote", "speaker", "row_id", "source_id", "evidence"]
    return pd.DataFrame(rows, columns=cols)
