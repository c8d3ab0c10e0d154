"""The in-process benchmark probes still run against the current code (briefly), so `make bench` does not rot."""

import json
import subprocess
import sys

import pytest

from tests.backend import BACKEND
from tests.e2e.servers import ROOT, process_env


def _probe(name: str, database_url: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.bench.inprocess", name], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env=process_env(DATABASE_URL=database_url, BENCH_PROBE_SCALE="0.05"))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_automation_probe_measures_both_sides(database_url):
    result = _probe("automation-run", database_url)
    assert result["rule"]["samples"] > 0 and result["direct"]["samples"] == result["rule"]["samples"]
    assert result["time_ratio"] > 0


def test_field_authorization_probe_runs_for_each_viewer(database_url):
    result = _probe("field-authorization", database_url)
    assert set(result) == {"admin", "rep"} and all(r["rows"] > 0 for r in result.values())


@pytest.mark.skipif(BACKEND != "production", reason="compares with asyncpg: PostgreSQL only")
def test_orm_read_probe_reads_the_same_rows_as_asyncpg(database_url):
    result = _probe("orm-read", database_url)
    assert result["same_rows"] and result["speed_ratio"] > 0
