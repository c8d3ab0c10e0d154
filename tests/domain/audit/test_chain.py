"""The chain: intact records verify; each kind of tampering is caught at its first broken link."""

import hashlib

import pytest

from domain.audit import services
from domain.audit.chain import GENESIS
from domain.audit.models import AuditChainHead, AuditRecord
from tests.domain.audit.factories import append_entries, drop_append_only_triggers, run_sql


async def test_appends_form_one_linked_chain(db, checkpoint_file):
    rows = await append_entries(5)
    assert [r.id for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:]))
    report = await services.verify_chain()
    assert report.ok and report.checked == 5 and report.head_seq == 5 and report.broken is None


async def test_stored_rows_read_back_to_the_same_hash(db, checkpoint_file):
    await append_entries(3)
    stored = await AuditRecord.get(id=2)
    assert stored.occurred_at.utcoffset().total_seconds() == 0
    assert stored.actor_name == "alice" and stored.ip == "10.0.0.7" and stored.user_agent.startswith("Mozilla")
    assert stored.entity_id_list == ["2"]
    assert stored.details_data["arguments"]["note"] == "第2次"


async def test_the_database_refuses_update_and_delete(db, checkpoint_file):
    await append_entries(2)
    with pytest.raises(Exception, match="append-only"):
        await run_sql("UPDATE audit_record SET actor_name = 'mallory' WHERE id = 1")
    with pytest.raises(Exception, match="append-only"):
        await run_sql("DELETE FROM audit_record WHERE id = 2")
    assert await AuditRecord.all().count() == 2


async def test_an_edited_row_is_the_first_broken_link(db, checkpoint_file):
    await append_entries(6)
    await drop_append_only_triggers()
    await run_sql("UPDATE audit_record SET actor_name = 'mallory' WHERE id = 4")
    report = await services.verify_chain()
    assert not report.ok
    assert (report.broken.seq, report.broken.reason, report.broken.record_id) == (4, "altered", 4)
    assert report.checked == 3


async def test_a_row_rehashed_without_the_key_is_still_caught(db, checkpoint_file):
    rows = await append_entries(4)
    await drop_append_only_triggers()
    forged = hashlib.sha256(f"{rows[1].prev_hash}mallory".encode()).hexdigest()
    await run_sql(f"UPDATE audit_record SET actor_name = 'mallory', hash = '{forged}' WHERE id = 2",
                  f"UPDATE audit_record SET prev_hash = '{forged}' WHERE id = 3")
    report = await services.verify_chain()
    assert (report.broken.seq, report.broken.reason) == (2, "altered")


async def test_a_relinked_row_is_caught(db, checkpoint_file):
    await append_entries(4)
    await drop_append_only_triggers()
    await run_sql(f"UPDATE audit_record SET prev_hash = '{GENESIS}' WHERE id = 3")
    report = await services.verify_chain()
    assert (report.broken.seq, report.broken.reason) == (3, "relinked")


async def test_a_deleted_middle_row_is_the_first_broken_link(db, checkpoint_file):
    await append_entries(6)
    await drop_append_only_triggers()
    await run_sql("DELETE FROM audit_record WHERE id = 3")
    report = await services.verify_chain()
    assert (report.broken.seq, report.broken.reason, report.broken.record_id) == (3, "missing", 4)


async def test_deleted_newest_rows_are_caught_by_the_checkpoint(db, checkpoint_file):
    await append_entries(6)
    assert (await services.checkpoint()).written.seq == 6
    await drop_append_only_triggers()
    await run_sql("DELETE FROM audit_record WHERE id >= 5")
    await run_sql("UPDATE audit_chain_head SET seq = 4")
    report = await services.verify_chain()
    assert not report.ok
    assert (report.broken.seq, report.broken.reason, report.broken.checkpoint_seq) == (5, "truncated", 6)
    assert report.head_seq == 4 and report.checked == 4


async def test_appends_after_deleting_newest_rows_leave_a_gap(db, checkpoint_file):
    await append_entries(5)
    await drop_append_only_triggers()
    await run_sql("DELETE FROM audit_record WHERE id = 5")
    await append_entries(1)
    report = await services.verify_chain()
    assert (report.broken.seq, report.broken.reason) == (5, "missing")


async def test_a_lost_head_row_is_rebuilt_from_the_newest_record(db, checkpoint_file):
    await append_entries(3)
    await AuditChainHead.filter(id=1).delete()
    await append_entries(2)
    report = await services.verify_chain()
    assert report.ok and report.head_seq == 5
