"""Result rows and the report files (``var/bench/report.md`` and ``report.json``)."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Goal:
    """A target for a row's ratio, shown next to it (never asserted)."""

    text: str
    met_by: Callable[[float], bool]


@dataclass(frozen=True)
class Row:
    """One figure next to its baseline from the same run."""

    scenario: str
    metric: str
    value: float | None
    baseline: float | None
    unit: str = ""
    goal: Goal | None = None
    as_overhead: bool = False  # show the ratio as "+x %" instead of "x×"
    measured_ratio: float | None = None  # e.g. a median of paired ratios; else value / baseline

    @property
    def ratio(self) -> float | None:
        if self.measured_ratio is not None:
            return self.measured_ratio
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def goal_met(self) -> bool | None:
        if self.goal is None or self.ratio is None:
            return None
        return self.goal.met_by(self.ratio)

    def cells(self) -> list[str]:
        return [self.scenario, self.metric, _number(self.value, self.unit), _number(self.baseline, self.unit),
                self._ratio_text(), self._goal_text()]

    def _ratio_text(self) -> str:
        if self.ratio is None:
            return "—"
        if self.as_overhead:
            return f"{(self.ratio - 1) * 100:+.1f} %"
        return f"{self.ratio:.3f}×" if self.ratio < 0.1 else f"{self.ratio:.2f}×"

    def _goal_text(self) -> str:
        if self.goal is None:
            return ""
        if self.goal_met is None:
            return self.goal.text
        return f"{self.goal.text} ({'met' if self.goal_met else 'missed'})"

    def as_dict(self) -> dict:
        return {"scenario": self.scenario, "metric": self.metric, "value": self.value, "baseline": self.baseline,
                "unit": self.unit, "ratio": self.ratio, "goal": self.goal.text if self.goal else None,
                "goal_met": self.goal_met}


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or abs(value) >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


HEADER = ["scenario", "metric", "value", "baseline", "ratio", "goal"]


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def write_report(directory: Path, rows: list[Row], *, settings: dict, notes: list[str], raw: dict) -> str:
    """Write both files; the Markdown text."""
    directory.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    text = "\n".join([
        "# Salesdesk benchmark", "",
        f"{started} · Python {platform.python_version()} · {os.cpu_count()} CPUs · "
        + ", ".join(f"{k} {v}" for k, v in settings.items()), "",
        "Ratios compare each figure with the baseline measured in the same run. HTTP figures: one uvicorn "
        "worker pinned to one core, the load generator on the other. In-process figures: medians, and the "
        "ratio is the median over calls made in turn.", "",
        markdown_table(rows), "",
        *(f"- {note}" for note in notes),
    ]).rstrip() + "\n"
    (directory / "report.md").write_text(text, encoding="utf-8")
    document = {"generated_at": started, "machine": machine(), "settings": settings,
                "rows": [row.as_dict() for row in rows], "notes": notes, "raw": raw}
    (directory / "report.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return text
