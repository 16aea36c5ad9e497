"""What goes wrong in a data file, reported with file, spreadsheet row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data.

    ``row`` is numbered as a spreadsheet shows it: the header is row 1, the first data
    row is row 2.  ``row`` and ``column`` are None when the problem is about the whole
    file or the whole column.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """The dataset is invalid; ``problems`` lists everything found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def spreadsheet_row(index: int) -> int:
    """Row number a spreadsheet shows for the DataFrame row at ``index`` (header is row 1)."""
    return int(index) + 2


def quoted(value: object, limit: int = 60) -> str:
    """``repr`` of a value for a message: numpy scalars as plain numbers, long text cut."""
    if hasattr(value, "item"):
        value = value.item()  # np.int64(-5) -> -5
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"... ({len(value)} characters)"
    return repr(value)
