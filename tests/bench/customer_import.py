"""The 50,000-row customer import: a generated CSV uploaded to the API, run by a real ``dramatiq`` worker.

Measured from the upload until ``importJob`` reports the job done; progress is sampled by polling
``importJob`` meanwhile (each distinct ``processed`` value is one batch the worker reported).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.bench.processes import PROJECT_DIR, PYTHON, SERVER_CORE, pinned_to, stop

ROWS = 50_000
IMPORT = "mutation($file: Upload!){ importCustomers(file:$file, dryRun:false){ job { id } errors { code message } } }"
JOB = "query($id: ID!){ importJob(id:$id){ status processed created rejected error { code message } } }"


@dataclass
class ImportRun:
    seconds: float
    upload_seconds: float
    created: int
    rejected: int
    status: str
    progress: list[int] = field(default_factory=list)


def import_file(rows: int = ROWS) -> bytes:
    """A UTF-8 CSV with Chinese headers; names, phones and e-mails unique within the file and the demo data."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["客户名称", "手机号", "邮箱", "级别", "城市", "标签", "联系人", "联系人电话"])
    for n in range(rows):
        writer.writerow([f"基准导入客户{n:05d}有限公司", f"158{n:08d}", f"buyer{n}@bench-import.cn", "ABCD"[n % 4],
                         "杭州", "基准,导入", f"联系人{n:05d}", f"159{n:08d}"])
    return buffer.getvalue().encode("utf-8-sig")


@contextmanager
def dramatiq_worker(env: dict[str, str], log_dir: Path, timeout: float = 60.0):
    """One ``dramatiq`` worker process (as ``salesdesk worker`` starts it) on the server core, ready for work."""
    log_path = log_dir / "worker.log"
    command = [PYTHON, "-m", "dramatiq", "workers.actors", "--processes", "1", "--threads", "2"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env={**env, "IN_PROCESS_WORKER": "0"}, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   preexec_fn=pinned_to(SERVER_CORE))
    try:
        deadline = time.monotonic() + timeout
        while "ready for action" not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


def run_import(url: str, headers: dict[str, str], content: bytes, timeout: float = 1800.0) -> ImportRun:
    """Upload ``content`` and poll the job until it ends."""
    started = time.perf_counter()
    form = {"operations": json.dumps({"query": IMPORT, "variables": {"file": None}}),
            "map": json.dumps({"0": ["variables.file"]})}
    answer = httpx.post(url + "/graphql", headers=headers, timeout=120, data=form,
                        files={"0": ("bench.csv", content, "text/csv")}).json()
    payload = (answer.get("data") or {}).get("importCustomers") or {}
    if not payload.get("job"):
        raise RuntimeError(f"the import was not queued: {answer}")
    uploaded = time.perf_counter() - started
    progress: list[int] = []
    while time.perf_counter() - started < timeout:
        job = httpx.post(url + "/graphql", headers=headers, timeout=30,
                         json={"query": JOB, "variables": {"id": payload["job"]["id"]}}).json()["data"]["importJob"]
        if not progress or job["processed"] != progress[-1]:
            progress.append(job["processed"])
        if job["status"] in ("DONE", "FAILED"):
            return ImportRun(seconds=time.perf_counter() - started, upload_seconds=uploaded, created=job["created"],
                             rejected=job["rejected"], status=job["status"], progress=progress)
        time.sleep(0.25)
    raise RuntimeError(f"the import did not finish within {timeout:.0f}s (progress {progress})")
