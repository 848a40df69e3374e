"""One error type for bad input: file, line, column, value and the rule broken."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one cell of one input file."""

    file: str
    line: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}:{self.line}: column '{self.column}' value '{value}': {self.rule}"


class InputErrors(Exception):
    """Raised with every DataError found, so that a user sees all problems at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class ParseError(ValueError):
    """A value that does not follow a parsing rule; the message is the rule."""
