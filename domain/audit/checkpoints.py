"""The checkpoint file: signed chain heads appended to a file outside the database."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from domain.audit.chain import Checkpoint, checkpoint_line, parse_checkpoint

TAIL_BYTES = 8192


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


async def append_checkpoint(path: Path, key: bytes, mark: Checkpoint) -> None:
    """Append one signed line (O_APPEND, fsync'd) without blocking the event loop."""
    await asyncio.to_thread(_append_line, path, checkpoint_line(key, mark))


def read_checkpoints(path: Path, key: bytes) -> tuple[list[Checkpoint], int | None]:
    """Every checkpoint in the file, and the number of the first line that fails its signature."""
    if not path.exists():
        return [], None
    marks: list[Checkpoint] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            mark = parse_checkpoint(key, line)
            if mark is None:
                return marks, number
            marks.append(mark)
    return marks, None


def last_checkpoint(path: Path, key: bytes) -> Checkpoint | None:
    """The newest correctly signed checkpoint, reading only the end of the file."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - TAIL_BYTES))
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    for line in reversed(lines):
        mark = parse_checkpoint(key, line) if line.strip() else None
        if mark is not None:
            return mark
    return None
