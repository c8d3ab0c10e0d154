"""Export files on disk: CSV and XLSX writers, download tokens tied to their maker, expiry."""

from __future__ import annotations

import csv
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from domain.events.envelope import utcnow
from settings import get_settings

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*")


@dataclass(frozen=True)
class ExportFile:
    """A finished export; only ``user_id`` may download it, until ``expires_at``."""

    token: str
    format: str
    file_name: str
    row_count: int
    user_id: int
    expires_at: datetime

    @property
    def path(self) -> Path:
        return get_settings().export_dir / f"{self.token}.{self.format}"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def url(self) -> str:
        return f"/exports/{self.token}"

    @property
    def ascii_file_name(self) -> str:
        """The download name for clients that ignore UTF-8 file names ("<stem>-<time>.<ext>")."""
        return "customers" + self.file_name[self.file_name.index("-"):]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def data_path(token: str, file_format: str) -> Path:
    directory = get_settings().export_dir
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{token}.{file_format}"


def save_export(export: ExportFile) -> None:
    """Write the sidecar that ties the file to its maker (after the file itself is complete)."""
    record = {**asdict(export), "expires_at": export.expires_at.isoformat()}
    (get_settings().export_dir / f"{export.token}.json").write_text(json.dumps(record), encoding="utf-8")


def expiry() -> datetime:
    return utcnow() + timedelta(seconds=get_settings().export_ttl_seconds)


def find_export(*, token: str, user_id: int | None) -> ExportFile | None:
    """The export behind ``token`` if ``user_id`` made it and it has not expired; None otherwise."""
    if user_id is None or not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    sidecar = get_settings().export_dir / f"{token}.json"
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    export = ExportFile(**{**record, "expires_at": datetime.fromisoformat(record["expires_at"])})
    if export.user_id != user_id or export.expires_at <= utcnow() or not export.path.is_file():
        return None
    return export


def remove_expired_exports() -> int:
    """Delete expired exports, and files a failed export left without a sidecar; how many were removed."""
    directory = get_settings().export_dir
    if not directory.is_dir():
        return 0
    removed, now = 0, utcnow()
    for sidecar in directory.glob("*.json"):
        try:
            expired = datetime.fromisoformat(json.loads(sidecar.read_text())["expires_at"]) <= now
        except (OSError, ValueError, KeyError):
            expired = True
        if expired:
            for path in directory.glob(f"{sidecar.stem}.*"):
                path.unlink(missing_ok=True)
                removed += path.suffix != ".json"
    stale = time.time() - get_settings().export_ttl_seconds
    for path in directory.iterdir():
        if path.suffix != ".json" and not path.with_suffix(".json").exists() and path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class CsvSheet:
    """UTF-8 with a BOM, so Excel opens Chinese text correctly; formula-like text is defused."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self._handle = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(headers)

    def write(self, rows: list[list]) -> None:
        self._writer.writerows([[_defused(value) for value in row] for row in rows])

    def close(self) -> None:
        self._handle.close()


class XlsxSheet:
    """openpyxl in write-only mode: rows stream to disk; every value is stored as text, never a formula."""

    def __init__(self, path: Path, headers: list[str], title: str) -> None:
        from openpyxl import Workbook

        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=title)
        self._sheet.append(headers)

    def write(self, rows: list[list]) -> None:
        for row in rows:
            self._sheet.append([self._cell(value) for value in row])

    def _cell(self, value):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if not isinstance(value, str) or not (value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value)):
            return value
        cell = WriteOnlyCell(self._sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # a plain string starting with "=" would be stored as a formula
        return cell

    def close(self) -> None:
        self._book.save(self._path)


def _defused(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (plain numbers stay as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
