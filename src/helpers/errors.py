"""The project's errors: one base class, and DataError, the record of one bad cell.

Every exception the helpers raise on purpose derives from ProjectError, so that a command can catch
"anything we meant to say" in one place and print it without a traceback:

- InputErrors: every DataError found in the raw data (file, line, column, value, rule), all at once;
- ParseError: a value that breaks a parsing rule (numbers, dates), with the column it belongs to;
- CatalogueError: every problem in reports/reports.yml, one per line;
- ParameterError: a notebook parameter that the data does not know;
- OutputError: an output folder that `clean` refuses to replace.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MAX_SHOWN",
    "shorten",
    "ProjectError",
    "DataError",
    "InputErrors",
    "ParseError",
    "CatalogueError",
    "ParameterError",
    "OutputError",
]

#: Longest value shown in a message; longer ones are cut with "...", so a hostile cell cannot flood the terminal.
MAX_SHOWN = 80


def shorten(value: object, limit: int = MAX_SHOWN) -> str:
    """A value for a message: its text, cut to `limit` characters, control characters made visible."""
    text = str(value)
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text[: limit * 4])
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ProjectError(Exception):
    """Base class of every error the helpers raise on purpose (printed without a traceback).

    In IPython and Jupyter (and so in papermill's log and a failed report's entry) the error shows as
    `ParameterError: <message>`, without a traceback: IPython calls `_render_traceback_` when an
    exception has one and prints the lines it returns instead of the stack.
    """

    def _render_traceback_(self) -> list[str]:
        """The lines IPython shows instead of a traceback: `Name: message`, one line per message line."""
        lines = str(self).splitlines() or [""]
        return [f"{type(self).__name__}: {lines[0]}".rstrip(), *lines[1:]]


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one cell of one input file (a record, not an exception)."""

    file: str
    line: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: column '{self.column}' value '{shorten(self.value)}': {self.rule}"


class InputErrors(ProjectError):
    """Raised with every DataError found, so that a user sees all problems at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class ParseError(ProjectError, ValueError):
    """A value that does not follow a parsing rule; the message is the rule, `column` the cell it came from.

    `column` is None when the value's own column is meant (the caller knows which one it passed in);
    a parser that reads two cells (a number and its hedge) names the one at fault.
    """

    def __init__(self, rule: str, column: str | None = None):
        super().__init__(rule)
        self.column = column


class CatalogueError(ProjectError, ValueError):
    """Every problem found in a catalogue, one per line."""


class ParameterError(ProjectError, ValueError):
    """A notebook parameter that the data does not know."""


class OutputError(ProjectError):
    """An output folder that a command refuses to write (it would destroy files it did not create)."""
