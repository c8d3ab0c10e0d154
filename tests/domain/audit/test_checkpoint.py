"""Checkpoints: signed head lines outside the database, written only over an intact chain."""

import json

from domain.audit import services
from tests.domain.audit.factories import append_entries, drop_append_only_triggers, run_sql


async def test_checkpoint_appends_one_signed_line_per_new_head(db, checkpoint_file):
    assert (await services.checkpoint()).written is None  # empty chain: nothing to vouch for
    await append_entries(3)
    first = await services.checkpoint()
    assert first.written.seq == 3
    assert (await services.checkpoint()).written is None  # unchanged head: no new line
    await append_entries(2)
    assert (await services.checkpoint()).written.seq == 5
    lines = [json.loads(line) for line in checkpoint_file.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [3, 5]
    assert all(len(line["sig"]) == 64 and line["at"].endswith("+00:00") for line in lines)
    report = await services.verify_chain()
    assert report.ok and report.anchored and report.checkpoint_seq == 5


async def test_without_a_checkpoint_the_chain_is_unanchored(db, checkpoint_file):
    await append_entries(2)
    report = await services.verify_chain()
    assert report.ok and not report.anchored and report.checkpoint_seq is None


async def test_a_forged_checkpoint_line_is_reported(db, checkpoint_file):
    await append_entries(2)
    await services.checkpoint()
    line = json.loads(checkpoint_file.read_text())
    forged = {**line, "seq": 9}
    with checkpoint_file.open("a") as handle:
        handle.write(json.dumps(forged) + "\n")
    report = await services.verify_chain()
    assert not report.ok
    assert (report.broken.reason, report.broken.line) == ("checkpoint_forged", 2)


async def test_a_row_rewritten_with_the_key_still_disagrees_with_its_checkpoint(db, checkpoint_file):
    await append_entries(3)
    await services.checkpoint()
    await drop_append_only_triggers()
    await run_sql("DELETE FROM audit_record WHERE id >= 2",
                  "UPDATE audit_chain_head SET seq = 1, hash = (SELECT hash FROM audit_record WHERE id = 1)")
    await append_entries(2)  # rewound head: a correctly keyed chain 1..3 that is not the original
    report = await services.verify_chain()
    assert (report.broken.seq, report.broken.reason) == (3, "checkpoint_mismatch")


async def test_no_checkpoint_is_signed_over_a_tampered_chain(db, checkpoint_file):
    await append_entries(2)
    await services.checkpoint()
    await append_entries(2)
    await drop_append_only_triggers()
    await run_sql("UPDATE audit_record SET action = 'nothing' WHERE id = 4")
    outcome = await services.checkpoint()
    assert outcome.written is None and (outcome.broken.seq, outcome.broken.reason) == (4, "altered")
    await run_sql("DELETE FROM audit_record WHERE id >= 2")
    outcome = await services.checkpoint()
    assert outcome.written is None and outcome.broken.reason == "truncated"
    assert len(checkpoint_file.read_text().splitlines()) == 1
