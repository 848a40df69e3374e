"""The command line: `python -m helpers <command>` (also installed as `kz-helpers`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from helpers import paths

__all__ = [
    "cmd_clean",
    "cmd_build",
    "cmd_list",
    "cmd_screenshots",
    "cmd_new_source",
    "cmd_quote",
    "cmd_add",
    "cmd_alias",
    "cmd_translate",
    "cmd_coverage",
    "parser",
    "main",
]


def cmd_clean(args: argparse.Namespace) -> int:
    """Validate data/raw and write data/processed atomically."""
    from helpers.clean import freshness

    if freshness.up_to_date(args.raw, args.out):  # decided from hashes, before pandas is imported
        print(f"clean: {paths.rel(args.out)} already up to date")
        return 0
    inputs = freshness.inputs_hash(args.raw)

    from helpers.clean.run import clean
    from helpers.errors import InputErrors, OutputError

    try:
        changed = clean(args.raw, args.out)
    except OutputError as exc:
        print(f"clean: {exc}; nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only data/ folder, a full disk: one line, not a traceback
        where = f"{paths.rel(paths.Path(exc.filename))}: " if exc.filename else ""
        print(f"clean: {where}{exc.strerror or exc}; {paths.rel(args.out)} was left as it was.", file=sys.stderr)
        return 1
    except InputErrors as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(
            f"clean: {len(exc.errors)} problem(s) in {paths.rel(args.raw)}; {paths.rel(args.out)} was left as it was.",
            file=sys.stderr,
        )
        return 1
    freshness.record(args.raw, args.out, inputs)
    state = "updated" if changed else "already up to date"
    print(f"clean: {paths.rel(args.out)} {state}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Execute the report catalogue and render HTML."""
    from helpers.reports.build import run_build

    return run_build(
        jobs=args.jobs,
        force=args.force,
        only=args.only,
        show_code=args.show_code,
        catalogue=args.catalogue,
        pdf=args.pdf,
    )


def cmd_list(args: argparse.Namespace) -> int:
    """List the reports the catalogue expands to."""
    from helpers.reports.catalogue import CatalogueError, expand

    try:
        for job in expand(args.catalogue):
            print(f"{job.name:40s} {job.notebook}  {job.parameters}")
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    """Regenerate the README screenshots under docs/img."""
    from helpers.reports.screenshots import main as shots

    return shots()


def _coding(name: str, run: Callable[[], int], writes: bool = True) -> int:
    """Run a coding command; print its problems (file:line: column 'x' value 'y': rule) instead of a traceback.

    A command that writes says it wrote nothing; a read-only one (quote, coverage) says the data must be
    fixed first. Ctrl-C is one line and exit 130 (a write interrupted midway is undone by append_row); a
    file system refusal (a read-only data/, a name too long) is one line naming the file.
    """
    nothing = "; nothing was written." if writes else "."
    try:
        from helpers.coding.commands import CodingError
        from helpers.errors import InputErrors

        try:
            return run()
        except CodingError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
        except InputErrors as exc:
            for err in exc.errors:
                print(err, file=sys.stderr)
            n = len(exc.errors)
            problems = f"{n} problem{'s' if n != 1 else ''}"
            if writes:
                print(f"{name}: {problems}; nothing was written.", file=sys.stderr)
            else:
                print(f"{name}: {problems} in the raw data; fix {'them' if n != 1 else 'it'} first.", file=sys.stderr)
        except OSError as exc:
            where = f"{paths.rel(paths.Path(exc.filename))}: " if exc.filename else ""
            print(f"{name}: {where}{exc.strerror or exc}{nothing}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{name}: interrupted{nothing}", file=sys.stderr)
        return 130
    return 1


def cmd_new_source(args: argparse.Namespace) -> int:
    """Copy a report's text into data/raw/sources and append its sources.csv row."""

    def run() -> int:
        from helpers.coding.commands import new_source

        sid, when = new_source(
            args.raw,
            args.file,
            args.date,
            source_id=args.id,
            title=args.title,
            publisher=args.publisher,
            language=args.language,
            inferred=args.inferred,
            evidence_fragment=args.evidence,
            url=args.url,
            byline=args.byline,
            published=args.published,
        )
        print(f"new-source: added {sid} ({paths.rel(args.raw / 'sources' / (sid + '.txt'))}): {when}")
        return 0

    return _coding("new-source", run)


def cmd_quote(args: argparse.Namespace) -> int:
    """Print the verbatim span of a source that a fragment names."""
    import csv
    import io

    def run() -> int:
        from helpers.coding.commands import quote

        span = quote(args.raw, args.source_id, " … ".join(args.fragment), args.sentence)
        if args.csv:
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow([span])
            span = buf.getvalue().rstrip("\n")
        print(span)
        return 0

    return _coding("quote", run, writes=False)


def cmd_add(args: argparse.Namespace) -> int:
    """Append one checked row to a raw table."""

    def run() -> int:
        from helpers.coding.commands import add

        rid, file, line = add(
            args.raw, args.table, args.fields, args.quote or (), args.sentence, args.id, args.event, args.like
        )
        print(f"add: {file}:{line}: {rid}")
        return 0

    return _coding("add", run)


def cmd_alias(args: argparse.Namespace) -> int:
    """Give a place or actor more names (another language, declined forms) in data/raw/aliases.csv."""
    from helpers.coding.alias import alias

    def run() -> int:
        for line in alias(args.raw, args.table, args.id, args.names, args.language):
            print(f"alias: {line}")
        return 0

    return _coding("alias", run)


def cmd_translate(args: argparse.Namespace) -> int:
    """Record the coder's English translation of a row's evidence in data/raw/translations.csv."""
    from helpers.coding.alias import translate

    def run() -> int:
        print(f"translate: {translate(args.raw, args.row_id, ' '.join(args.text))}")
        return 0

    return _coding("translate", run)


def cmd_coverage(args: argparse.Namespace) -> int:
    """List the numbers, dates and names of each source that no quote or waiver covers."""
    from helpers.coding.coverage import report

    def run() -> int:
        lines, uncovered = report(args.raw, args.source_id, args.waived)
        print("\n".join(lines))
        return 1 if args.strict and uncovered else 0

    return _coding("coverage", run, writes=False)


def parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per job."""
    p = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Kazakhstan crisis notebooks: clean the hand-coded data and build the reports.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("clean", help="validate data/raw and write data/processed (all errors at once)")
    c.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    c.add_argument(
        "--out",
        type=paths.Path,
        default=paths.PROCESSED,
        help="output folder (default: data/processed)",
    )
    c.set_defaults(func=cmd_clean)

    b = sub.add_parser("build", help="run the report catalogue through papermill and render HTML")
    b.add_argument("-j", "--jobs", type=int, default=None, help="parallel reports (default: number of cores)")
    b.add_argument("--force", action="store_true", help="rebuild every report, ignoring the cache")
    b.add_argument("--only", action="append", metavar="NAME", help="build only this report (repeatable)")
    b.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    b.add_argument("--pdf", action="store_true", help="also print each page to PDF next to its HTML (needs Chromium)")
    b.add_argument(
        "--catalogue",
        type=paths.Path,
        default=paths.CATALOGUE,
        help="catalogue file (default: reports/reports.yml)",
    )
    b.set_defaults(func=cmd_build)

    ls = sub.add_parser("list", help="list the reports the catalogue expands to")
    ls.add_argument("--catalogue", type=paths.Path, default=paths.CATALOGUE)
    ls.set_defaults(func=cmd_list)

    ns = sub.add_parser("new-source", help="copy a report into data/raw/sources and add its sources.csv row")
    ns.add_argument("file", type=paths.Path, metavar="FILE", help="the report's text (UTF-8)")
    ns.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the report date")
    ns.add_argument("--id", help="source id (default: kz-<date>)")
    ns.add_argument("--title", help="title (default: the text's first line)")
    ns.add_argument("--publisher", help="publisher, if the report names one")
    ns.add_argument("--url", help="where the report was published (http or https), if known")
    ns.add_argument("--byline", help="the author(s), if the report names them")
    ns.add_argument("--published", metavar="WHEN", help="publication time as given: YYYY-MM-DD[ HH:MM[ UTC|+HH:MM]]")
    ns.add_argument("--language", default="en", help="two-letter language code (default: en)")
    ns.add_argument("--inferred", metavar="HOW", help="the date is not in the text: say how it was inferred")
    ns.add_argument("--evidence", metavar="FRAGMENT", help="the words that give the date (default: first line)")
    ns.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    ns.set_defaults(func=cmd_new_source)

    q = sub.add_parser("quote", help="print the span of a source a fragment names, ready to paste as evidence")
    q.add_argument("source_id", metavar="SOURCE_ID")
    q.add_argument("fragment", nargs="+", metavar="FRAGMENT", help="words of the text; several are joined by ' … '")
    q.add_argument("-s", "--sentence", action="store_true", help="widen the span to its whole sentence")
    q.add_argument("--csv", action="store_true", help="print it as a CSV cell (quoted when needed)")
    q.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    q.set_defaults(func=cmd_quote)

    a = sub.add_parser(
        "add",
        help="append one checked row to a raw table (next free id, evidence found in the text)",
        description="Append one row: python -m helpers add figures kz-2022-01-08 metric=killed place=Almaty "
        "subject=people value_text=12 context=body -q 'twelve people were killed'. The row is checked as "
        "`make data` checks it and written only when it adds no problem.",
    )
    a.add_argument(
        "table",
        metavar="TABLE",
        help="events, figures, measures, deployments, statements, corrections, places, actors, waivers",
    )
    a.add_argument("fields", nargs="*", metavar="[SOURCE_ID] column=value", help="the source id, then the cells")
    a.add_argument(
        "-q", "--quote", action="append", metavar="FRAGMENT",
        help="evidence: words of the text (repeat for ' … ' parts), or @ROW_ID to share that row's quote",
    )  # fmt: skip
    a.add_argument("-s", "--sentence", action="store_true", help="widen the evidence to whole sentences")
    a.add_argument(
        "-e",
        "--event",
        metavar="EVENT_ID",
        help="event_id (E01 = this source's E01); its quote is the default evidence",
    )
    a.add_argument(
        "--like", metavar="ROW_ID", help="start from that row's cells (not its id, event, links, quote or notes)"
    )
    a.add_argument("--id", help="the row id (default: the next free one)")
    a.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    a.set_defaults(func=cmd_add)

    al = sub.add_parser(
        "alias",
        help="give a place or actor another name (Алматы, Токаева) in data/raw/aliases.csv",
        description="python -m helpers alias actors tokayev Токаев Токаева Токаеву: one aliases.csv row per "
        "name, checked as `make data` checks it; places.csv and actors.csv are not touched.",
    )
    al.add_argument("table", metavar="TABLE", help="places or actors")
    al.add_argument("id", metavar="ID", help="the place_id or actor_id")
    al.add_argument("names", nargs="+", metavar="NAME", help="the names as reports write them (each case form)")
    al.add_argument("--language", help="two-letter code (default: kk for Kazakh letters, ru for Cyrillic, else en)")
    al.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    al.set_defaults(func=cmd_alias)

    tr = sub.add_parser(
        "translate",
        help="record your English translation of a row's evidence (a source not in English)",
    )
    tr.add_argument("row_id", metavar="ROW_ID", help="the claim row (KZ0112-F01; a short id that ends one id: F01)")
    tr.add_argument("text", nargs="+", metavar="TEXT", help="the translation (shown on pages as 'our translation')")
    tr.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    tr.set_defaults(func=cmd_translate)

    cv = sub.add_parser("coverage", help="list numbers, dates and names no evidence quote or waiver covers")
    cv.add_argument("source_id", nargs="?", metavar="SOURCE_ID", help="only this source ('.' = the newest)")
    cv.add_argument("--waived", action="store_true", help="list the waived spans too, with their reasons")
    cv.add_argument("--strict", action="store_true", help="exit 1 when a span is uncovered")
    cv.add_argument("--raw", type=paths.Path, default=paths.RAW, help="raw data folder (default: data/raw)")
    cv.set_defaults(func=cmd_coverage)

    s = sub.add_parser("screenshots", help="regenerate the README screenshots in docs/img (needs Chromium)")
    s.set_defaults(func=cmd_screenshots)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run one command; returns the exit status."""
    p = parser()
    args, extra = p.parse_known_args(argv)
    if extra and args.command == "add" and not any(e.startswith("-") for e in extra):
        args.fields += extra  # column=value cells may come after options too
    elif extra:
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
