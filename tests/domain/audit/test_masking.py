"""Masking: secrets never reach a record, personal data only in part; changes and exports."""

from decimal import Decimal

from domain.audit import services
from domain.audit.entries import collecting_changes, field_changes, note_change
from domain.audit.masking import REDACTED, mask_personal, masked
from tests.domain.audit.factories import ALICE, entry


def test_secrets_are_redacted_by_name_at_any_depth():
    data = masked({"input": {"username": "wang", "password": "S3cret-pass!", "newPassword": "x" * 12},
                   "refreshToken": "rt-123", "api_key": "k", "headers": [{"Authorization": "Bearer t"}],
                   "phone_encrypted": "gAAAAB..."})
    assert data == {"input": {"username": "wang", "password": REDACTED, "newPassword": REDACTED},
                    "refreshToken": REDACTED, "api_key": REDACTED, "headers": [{"Authorization": REDACTED}],
                    "phone_encrypted": REDACTED}


def test_personal_values_keep_only_a_recognisable_part():
    assert mask_personal("zhang.wei@example.cn") == "z***@example.cn"
    assert mask_personal("13812345678") == "138***78"
    assert mask_personal("110101199003071234") == "110***34"
    assert mask_personal("123") == "***"
    assert masked({"email": "li@x.com", "phone": "13900001111", "idNumber": "44030019900101001X"}) == {
        "email": "l***@x.com", "phone": "139***11", "idNumber": "440***1X"}


def test_values_become_json_safe_and_bounded():
    class Upload:
        filename = "客户名单.xlsx"

    data = masked({"amount": Decimal("12.50"), "rows": list(range(150)), "file": Upload(), "note": "长" * 600})
    assert data["amount"] == "12.50" and data["file"] == "<Upload 客户名单.xlsx>"
    assert len(data["rows"]) == 101 and data["rows"][-1] == "… 50 more"
    assert len(data["note"]) == 501


def test_field_changes_list_only_changed_fields_masked():
    changes = field_changes("Customer", 5, {"name": "甲", "phone": "13800001111", "level": "B"},
                            {"name": "乙", "phone": "13900002222", "level": "B"})
    assert changes == [
        {"entity": "Customer", "id": "5", "field": "name", "before": "甲", "after": "乙"},
        {"entity": "Customer", "id": "5", "field": "phone", "before": "138***11", "after": "139***22"},
    ]


def test_noted_changes_are_collected_only_inside_an_action():
    note_change("User", 1, before={"email": None}, after={"email": "a@b.cn"})  # outside: ignored
    with collecting_changes() as changes:
        note_change("User", 1, before={"password_hash": "old"}, after={"password_hash": "new"})
    assert changes == [{"entity": "User", "id": "1", "field": "password_hash", "before": REDACTED,
                        "after": REDACTED}]


async def test_records_mask_details_whoever_built_the_entry(db, checkpoint_file):
    (row,) = await services.append([entry(1, details={"arguments": {"password": "plain", "email": "w@q.cn"}})])
    assert row.details_data == {"arguments": {"password": REDACTED, "email": "w***@q.cn"}}
    assert "plain" not in row.details


async def test_an_export_is_recorded_with_masked_filters(db, checkpoint_file):
    row = await services.record_export(actor=ALICE, name="customers", entity_type="Customer", row_count=120,
                                       file_format="xlsx", filters={"phone": "13800001111", "level": "A"})
    assert (row.kind, row.action, row.entity_type, row.actor_name) == ("export", "customers", "Customer", "alice")
    assert row.details_data == {"format": "xlsx", "rows": 120, "filters": {"phone": "138***11", "level": "A"}}
    assert (await services.verify_chain()).ok
