"""A table's rows as dicts, each with its line: the row view of ``sources.table_reader``.

Customers to screen, shipments and registry files are read a row at a time: a row
becomes a record, and a screen of millions must not hold them all. This view streams
the same formats as the columnar reader with the same checks (encoding, binary,
empty file, gzip under the caps, a ragged CSV row refused with its line, a missing
mapped column refused with the file's columns), so a file is judged the same way by
every command. CSV rows carry the line they start on (the header is line 1); Parquet
rows and JSONL lines count from 1. Parquet is read in batches, CSV and JSONL by line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from moneytrail.errors import InvalidInput
from moneytrail.sources.table_reader import (
    Format,
    check_file,
    json_objects,
    json_records,
    missing_column,
    parquet_source,
    ragged_row,
    table_format,
    unreadable_parquet,
)
from moneytrail.sources.textfile import text_lines

if TYPE_CHECKING:
    import pyarrow.parquet as pq

BATCH = 8192  # Parquet rows turned into dicts at a time


@contextmanager
def relabelled(path: Path, name: str) -> Iterator[None]:
    """Errors about ``path`` re-issued about ``name`` (a spooled stdin is ``<stdin>``)."""
    try:
        yield
    except InvalidInput as exc:
        if exc.file != str(path) or name == str(path):
            raise
        raise InvalidInput(exc.reason, file=name, line=exc.line, field=exc.field) from None


def json_lines(
    path: Path, name: str | None = None, what: str = "JSONL text"
) -> Iterator[tuple[int, Any]]:
    """(line, value) of every JSON line of ``path`` (gzip allowed), checked as text first."""
    with relabelled(path, name or str(path)):
        yield from json_records(text_lines(path, what), name or str(path))


class TableRows:
    """The rows of one CSV, Parquet or JSONL file as ``(line, {column: value})``.

    CSV values are the text as written; Parquet values are pyarrow's Python values;
    JSONL rows are the line's object. ``columns`` is the header (for JSONL, the first
    object's keys), read when the view is made, so ``require`` can refuse a missing
    column before a row is read. Each iteration reads the file again from the start.
    """

    def __init__(
        self,
        path: Path,
        *,
        name: str | None = None,
        what: str = "CSV or JSONL text",
        kind: Format | None = None,
        default: Format | None = None,
        delimiter: str = ",",
    ) -> None:
        self.path, self.name = path, name or str(path)
        self.what, self.delimiter = what, delimiter
        with relabelled(path, self.name):
            check_file(path, self.name, what)
            self.kind: Format = kind or table_format(path, default)
            self.columns: list[str] = self._header()

    def require(self, mapping: Mapping[str, str]) -> None:
        """Refuse the first mapped column (``{key: column}``) the file does not have."""
        for key, column in mapping.items():
            if column not in self.columns:
                line = 1 if self.kind == "csv" else None
                raise missing_column(self.name, key, column, self.columns, line, column)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        with relabelled(self.path, self.name):
            if self.kind == "parquet":
                yield from self._parquet()
            elif self.kind == "csv":
                yield from self._csv()
            else:
                with closing(text_lines(self.path, self.what)) as lines:
                    yield from json_objects(lines, self.name)

    def _header(self) -> list[str]:
        if self.kind == "parquet":
            with self._parquet_file() as table:
                return list(table.schema_arrow.names)
        with closing(text_lines(self.path, self.what)) as lines:
            if self.kind == "csv":
                try:
                    reader = csv.reader(lines, delimiter=self.delimiter)
                    return [n.strip() for n in next(reader, [])]
                except csv.Error as exc:
                    raise InvalidInput(f"malformed CSV: {exc}", file=self.name, line=1) from None
            return list(next(json_objects(lines, self.name), (0, {}))[1])

    def _csv(self) -> Iterator[tuple[int, dict[str, Any]]]:
        with closing(text_lines(self.path, self.what)) as lines:
            reader = csv.reader(lines, delimiter=self.delimiter)
            try:
                names = [n.strip() for n in next(reader, [])]
                done = reader.line_num
                for fields in reader:
                    start, done = done + 1, reader.line_num
                    if not fields:
                        continue  # a blank line
                    if len(fields) != len(names):
                        raise ragged_row(len(fields), len(names), self.name, start)
                    yield start, dict(zip(names, fields, strict=True))
            except csv.Error as exc:
                raise InvalidInput(
                    f"malformed CSV: {exc}", file=self.name, line=reader.line_num
                ) from None

    def _parquet_file(self) -> pq.ParquetFile:
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(parquet_source(self.path))
        except (pa.ArrowException, OSError) as exc:
            raise unreadable_parquet(exc, self.name) from None

    def _parquet(self) -> Iterator[tuple[int, dict[str, Any]]]:
        number = 0
        with self._parquet_file() as table:
            try:
                for batch in table.iter_batches(batch_size=BATCH):
                    for row in batch.to_pylist():
                        number += 1
                        yield number, row
            except (pa.ArrowException, OSError) as exc:
                raise unreadable_parquet(exc, self.name) from None
