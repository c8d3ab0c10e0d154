from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

GENESIS = "0" * 64
REFUSE = "audit_record is append-only"
# The database refuses UPDATE, DELETE (and TRUNCATE) on audit rows; the hash chain still
# detects changes made by someone able to drop these triggers.
APPEND_ONLY = {
    "sqlite": [
        f"CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END;",
        f"CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END;",
    ],
    "postgres": [
        "CREATE OR REPLACE FUNCTION audit_record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSE}'; END $$;",
        "CREATE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON audit_record "
        "FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();",
        "CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuse_change();",
    ],
}
ALLOW_CHANGES = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_record_no_update;", "DROP TRIGGER IF EXISTS audit_record_no_delete;"],
    "postgres": [
        "DROP TRIGGER IF EXISTS audit_record_no_change ON audit_record;",
        "DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_record;",
        "DROP FUNCTION IF EXISTS audit_record_refuse_change();",
    ],
}
SEED_HEAD = (f"INSERT INTO audit_chain_head (id, seq, hash, updated_at) "
             f"VALUES (1, 0, '{GENESIS}', CURRENT_TIMESTAMP);")
UNSEED_HEAD = "DELETE FROM audit_chain_head WHERE id = 1;"


class RunSQLForDialect(ops.RunSQL):
    """Statements chosen by the connection's dialect, run one by one (trigger bodies hold ';')."""

    async def _run_sql(self, state_editor, sqls) -> None:
        for statement in sqls.get(state_editor.client.capabilities.dialect, []):
            if state_editor.collect_sql:
                state_editor.collected_sql.append(statement)
            else:
                await state_editor.client.execute_query(statement)


class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0002_login_throttle')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', fields.IntField(generated=False, primary_key=True, unique=True, db_index=True)),
                ('seq', fields.BigIntField(default=0)),
                ('hash', fields.CharField(max_length=64)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'audit_chain_head', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'The single row (id 1) every append locks first: last position and hash of the chain.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditRecord',
            fields=[
                ('id', fields.BigIntField(generated=False, primary_key=True, unique=True, db_index=True)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('actor_id', fields.IntField(null=True, db_index=True)),
                ('actor_team_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(max_length=64)),
                ('kind', fields.CharField(db_index=True, max_length=12)),
                ('action', fields.CharField(db_index=True, max_length=100)),
                ('entity_type', fields.CharField(null=True, db_index=True, max_length=50)),
                ('entity_ids', fields.TextField(default='[]', unique=False)),
                ('outcome', fields.CharField(default='ok', max_length=10)),
                ('details', fields.TextField(default='{}', unique=False)),
                ('changes', fields.TextField(default='[]', unique=False)),
                ('ip', fields.CharField(null=True, max_length=45)),
                ('user_agent', fields.CharField(null=True, max_length=255)),
                ('request_id', fields.CharField(null=True, max_length=64)),
                ('prev_hash', fields.CharField(max_length=64)),
                ('hash', fields.CharField(max_length=64)),
            ],
            options={'table': 'audit_record', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'One link of the append-only, HMAC-chained audit trail (id is its gap-free position).'},
            bases=['Model'],
        ),
        ops.RunSQL(SEED_HEAD, UNSEED_HEAD),
        RunSQLForDialect(APPEND_ONLY, ALLOW_CHANGES),
    ]
