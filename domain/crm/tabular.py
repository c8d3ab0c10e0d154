"""Reading uploaded spreadsheets: CSV (UTF-8 or GBK) and XLSX (first sheet), as rows of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.errors import DomainError
from domain.i18n import translate

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and other Office binaries
TEXT_SUFFIXES = (".csv", ".txt")


@dataclass
class RawRow:
    """One data row; ``number`` is the row as a spreadsheet shows it (the header is row 1)."""

    number: int
    cells: list[str | None]
    problem: DomainError | None = None


@dataclass
class Table:
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def read_table(*, content: bytes, file_name: str | None, max_bytes: int, max_rows: int, locale: str) -> Table:
    """The file's header and rows; refuses files over ``max_bytes`` or ``max_rows`` before any other work."""
    if len(content) > max_bytes:
        raise DomainError("FILE_TOO_LARGE", field="file", limit=human_size(max_bytes))
    name = (file_name or "").lower()
    if content.startswith(XLSX_MAGIC) and not name.endswith(TEXT_SUFFIXES):
        return _read_xlsx(content, max_rows, locale)
    if name.endswith((".xls", ".xlsx")) or content.startswith(OLE_MAGIC) or (
            name and "." in name and not name.endswith(TEXT_SUFFIXES)):
        raise DomainError("UNSUPPORTED_FILE", field="file")
    return _read_csv(content, max_rows, locale)


def _unreadable(reason: str, locale: str) -> DomainError:
    return DomainError("UNREADABLE_FILE", field="file", detail=translate(reason, locale))


def _check_count(rows: list[RawRow], max_rows: int) -> None:
    if len(rows) > max_rows:
        raise DomainError("TOO_MANY_ROWS", field="file", limit=max_rows)


def _read_xlsx(content: bytes, max_rows: int, locale: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _unreadable("FILE_BAD_XLSX", locale) from None
    try:
        values = book.worksheets[0].iter_rows(values_only=True) if book.worksheets else iter(())
        header = next(values, None)
        if not header or not any(cell not in (None, "") for cell in header):
            raise _unreadable("FILE_EMPTY", locale)
        headers = [_text(cell) or "" for cell in header]
        rows: list[RawRow] = []
        for number, cells in enumerate(values, start=2):
            texts = [_text(cell) for cell in cells]
            if any(texts):
                rows.append(RawRow(number, texts))
                _check_count(rows, max_rows)
        return Table(headers=headers, rows=rows)
    finally:
        book.close()


def _text(cell) -> str | None:
    """A cell as text: whole numbers without ".0" (phone numbers), dates as YYYY-MM-DD."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell).strip()
    return text or None


def _decode(content: bytes, locale: str) -> tuple[str, set[int]]:
    """The text and the (1-based) numbers of lines that could not be decoded.

    UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK). A file in one of them
    with a few damaged lines keeps its readable lines and reports the others.
    """
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), set()
        except UnicodeDecodeError:
            raise _unreadable("FILE_BAD_ENCODING", locale) from None
    if b"\x00" in content:
        raise _unreadable("FILE_NOT_TEXT", locale)
    content = content.removeprefix(codecs.BOM_UTF8)
    try:
        return content.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    raw_lines = content.splitlines(keepends=True)
    foreign = [not line.isascii() for line in raw_lines]
    in_utf8 = [is_foreign and _is_utf8_text(line) for line, is_foreign in zip(raw_lines, foreign)]
    encoding = "utf-8" if 2 * sum(in_utf8) >= sum(foreign) else "gb18030"
    texts, bad = [], set()
    for number, raw in enumerate(raw_lines, start=1):
        try:
            texts.append(raw.decode(encoding))
            if encoding != "utf-8" and in_utf8[number - 1]:
                bad.add(number)  # a UTF-8 line pasted into a GBK file would decode as nonsense
        except UnicodeDecodeError:
            texts.append(raw.decode(encoding, errors="replace"))
            bad.add(number)
    if 1 in bad or len(bad) > len(raw_lines) // 2:
        raise _unreadable("FILE_BAD_ENCODING", locale)
    return "".join(texts), bad


def _is_utf8_text(line: bytes) -> bool:
    """True for a line that decodes as UTF-8 (GBK text with Chinese in it practically never does)."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > max(8, len(sample) // 100)


def _read_csv(content: bytes, max_rows: int, locale: str) -> Table:
    text, bad_lines = _decode(content, locale)
    if _looks_binary(text):
        raise _unreadable("FILE_NOT_TEXT", locale)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header = _next_record(reader)
    if not header or not any(cell.strip() for cell in header):
        raise _unreadable("FILE_EMPTY", locale)
    headers = [cell.strip() for cell in header]
    rows: list[RawRow] = []
    number, first_line = 1, reader.line_num + 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            rows.append(RawRow(number, [], DomainError("MALFORMED_ROW")))
        else:
            texts = [cell.strip() or None for cell in cells]
            if any(texts):
                rows.append(_checked_row(number, texts, len(headers), bad_lines, first_line, reader.line_num))
        first_line = reader.line_num + 1
        _check_count(rows, max_rows)
    return Table(headers=headers, rows=rows)


def _next_record(reader) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error:
        return None


def _checked_row(number: int, cells: list[str | None], width: int, bad_lines: set[int], first: int,
                 last: int) -> RawRow:
    if bad_lines and any(line in bad_lines for line in range(first, last + 1)):
        return RawRow(number, cells, DomainError("INVALID_ENCODING"))
    if len(cells) != width:
        return RawRow(number, cells, DomainError("RAGGED_ROW", found=len(cells), expected=width))
    return RawRow(number, cells)
