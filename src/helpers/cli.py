"""The command line: `python -m helpers <command>` (also installed as `kz-helpers`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from helpers import paths


def cmd_clean(args: argparse.Namespace) -> int:
    """Validate data/raw and write data/processed atomically."""
    from helpers.clean import clean
    from helpers.errors import InputErrors

    try:
        changed = clean(args.raw, args.out)
    except InputErrors as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(
            f"clean: {len(exc.errors)} problem(s) in {paths.rel(args.raw)}; {paths.rel(args.out)} was left as it was.",
            file=sys.stderr,
        )
        return 1
    state = "updated" if changed else "already up to date"
    print(f"clean: {paths.rel(args.out)} {state}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Execute the report catalogue and render HTML."""
    from helpers.build import run_build

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
    from helpers.catalogue import CatalogueError, expand

    try:
        for job in expand(args.catalogue):
            print(f"{job.name:40s} {job.notebook}  {job.parameters}")
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    """Regenerate the README screenshots under docs/img."""
    from helpers.screenshots import main as shots

    return shots()


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

    s = sub.add_parser("screenshots", help="regenerate the README screenshots in docs/img (needs Chromium)")
    s.set_defaults(func=cmd_screenshots)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run one command; returns the exit status."""
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
