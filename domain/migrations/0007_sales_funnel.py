from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# The default pipeline (线索 → 需求确认 → 方案报价 → 谈判决策 → 赢单 / 输单), created once with the tables.
DEFAULT_STAGES = [
    # position, zh, en, colour, probability, expected days, won, lost
    (1, "线索", "Lead", "#8c8c8c", "0.1000", "7", "FALSE", "FALSE"),
    (2, "需求确认", "Qualified", "#1677ff", "0.2500", "14", "FALSE", "FALSE"),
    (3, "方案报价", "Proposal", "#13c2c2", "0.5000", "14", "FALSE", "FALSE"),
    (4, "谈判决策", "Negotiation/Decision", "#fa8c16", "0.7500", "21", "FALSE", "FALSE"),
    (5, "赢单", "Won", "#52c41a", "1.0000", "NULL", "TRUE", "FALSE"),
    (6, "输单", "Lost", "#ff4d4f", "0.0000", "NULL", "FALSE", "TRUE"),
]
SEED_DEFAULT_PIPELINE = [
    "INSERT INTO sales_pipeline (name_zh, name_en, is_default, active, created_at) "
    "VALUES ('默认销售流程', 'Default pipeline', TRUE, TRUE, CURRENT_TIMESTAMP)",
    *(
        "INSERT INTO sales_stage (pipeline_id, position, name_zh, name_en, color, probability, expected_days, "
        f"is_won, is_lost) SELECT id, {pos}, '{zh}', '{en}', '{colour}', {probability}, {days}, {won}, {lost} "
        "FROM sales_pipeline WHERE is_default = TRUE"
        for pos, zh, en, colour, probability, days, won, lost in DEFAULT_STAGES
    ),
]
UNSEED_DEFAULT_PIPELINE = [
    "DELETE FROM sales_stage WHERE pipeline_id IN (SELECT id FROM sales_pipeline WHERE is_default = TRUE)",
    "DELETE FROM sales_pipeline WHERE is_default = TRUE",
]


class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0006_catalog_inventory_orders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Lead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('contact_name', fields.CharField(null=True, max_length=100)),
                ('phone_encrypted', fields.TextField(null=True, unique=False)),
                ('phone_index', fields.CharField(null=True, db_index=True, max_length=64)),
                ('email_encrypted', fields.TextField(null=True, unique=False)),
                ('email_index', fields.CharField(null=True, db_index=True, max_length=64)),
                ('source', fields.CharField(null=True, max_length=30)),
                ('campaign', fields.CharField(null=True, db_index=True, max_length=100)),
                ('notes', fields.TextField(null=True, unique=False)),
                ('status', fields.CharField(default='open', db_index=True, max_length=12)),
                ('owner', fields.ForeignKeyField('salesdesk.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='leads', on_delete=OnDelete.SET_NULL)),
                ('team_id', fields.IntField(null=True, db_index=True)),
                ('customer_id', fields.IntField(null=True)),
                ('opportunity_id', fields.IntField(null=True)),
                ('converted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sales_lead', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'Unqualified interest from a source and campaign, converted later into a customer and an opportunity.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('salesdesk.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('code', fields.CharField(max_length=40)),
                ('params', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('subject_type', fields.CharField(null=True, max_length=30)),
                ('subject_id', fields.IntField(null=True)),
                ('dedupe_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sales_notification', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': "An in-app message for one user, rendered from ``code`` and ``params`` in the reader's language."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Pipeline',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name_zh', fields.CharField(max_length=100)),
                ('name_en', fields.CharField(max_length=100)),
                ('is_default', fields.BooleanField(default=False)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sales_pipeline', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'A configurable sales process: an ordered list of stages.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Stage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pipeline', fields.ForeignKeyField('salesdesk.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='stages', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField(default=0)),
                ('name_zh', fields.CharField(max_length=100)),
                ('name_en', fields.CharField(max_length=100)),
                ('color', fields.CharField(default='#8c8c8c', max_length=7)),
                ('probability', fields.DecimalField(default=0, max_digits=5, decimal_places=4)),
                ('expected_days', fields.IntField(null=True)),
                ('is_won', fields.BooleanField(default=False)),
                ('is_lost', fields.BooleanField(default=False)),
            ],
            options={'table': 'sales_stage', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'One column of a pipeline, with its win probability (0.25 = 25 %) and closing flags.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Opportunity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('customer', fields.ForeignKeyField('salesdesk.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.RESTRICT)),
                ('pipeline', fields.ForeignKeyField('salesdesk.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.ForeignKeyField('salesdesk.Stage', source_field='stage_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.RESTRICT)),
                ('position', fields.BigIntField(default=0)),
                ('status', fields.CharField(default='open', db_index=True, max_length=8)),
                ('amount', fields.DecimalField(default=0, max_digits=16, decimal_places=2)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('expected_close_date', fields.DateField(null=True)),
                ('owner', fields.ForeignKeyField('salesdesk.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.SET_NULL)),
                ('team_id', fields.IntField(null=True, db_index=True)),
                ('lead_id', fields.IntField(null=True)),
                ('lost_reason', fields.CharField(null=True, max_length=500)),
                ('stage_entered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sales_opportunity', 'app': 'salesdesk', 'indexes': [Index(fields=['stage_id', 'position'])], 'pk_attr': 'id', 'table_description': 'A deal in a pipeline stage. ``position`` orders the cards of a stage (gap-numbered).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpportunityLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('opportunity', fields.ForeignKeyField('salesdesk.Opportunity', source_field='opportunity_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('salesdesk.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='opportunity_lines', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.IntField()),
                ('unit_price', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('line_total', fields.DecimalField(max_digits=16, decimal_places=2)),
            ],
            options={'table': 'sales_opportunity_line', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'A product the opportunity is about: quantity and expected unit price.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StageChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('opportunity', fields.ForeignKeyField('salesdesk.Opportunity', source_field='opportunity_id', db_constraint=True, to_field='id', related_name='stage_changes', on_delete=OnDelete.CASCADE)),
                ('from_stage_id', fields.IntField(null=True)),
                ('to_stage_id', fields.IntField()),
                ('actor_id', fields.IntField(null=True)),
                ('changed_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('seconds_in_previous', fields.BigIntField(null=True)),
            ],
            options={'table': 'sales_stage_change', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'An opportunity entering a stage: from where, by whom, when, after how long in the previous one.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('kind', fields.CharField(default='todo', max_length=8)),
                ('priority', fields.CharField(default='normal', max_length=8)),
                ('status', fields.CharField(default='open', db_index=True, max_length=10)),
                ('assignee', fields.ForeignKeyField('salesdesk.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.SET_NULL)),
                ('team_id', fields.IntField(null=True, db_index=True)),
                ('created_by_id', fields.IntField(null=True)),
                ('due_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('remind_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('reminded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('overdue_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('recurrence', fields.CharField(default='none', max_length=8)),
                ('previous_id', fields.IntField(null=True, unique=True)),
                ('customer_id', fields.IntField(null=True, db_index=True)),
                ('opportunity_id', fields.IntField(null=True, db_index=True)),
                ('order_id', fields.IntField(null=True, db_index=True)),
                ('notes', fields.TextField(null=True, unique=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sales_task', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'A to-do (call, visit, e-mail) for an assignee, with an optional reminder and recurrence.'},
            bases=['Model'],
        ),
        ops.RunSQL(SEED_DEFAULT_PIPELINE, UNSEED_DEFAULT_PIPELINE),
    ]
