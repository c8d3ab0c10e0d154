from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0007_sales_funnel')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AutomationRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(null=True, unique=True, max_length=60)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(null=True, unique=False)),
                ('enabled', fields.BooleanField(default=True, db_index=True)),
                ('trigger_kind', fields.CharField(max_length=10)),
                ('event_type', fields.CharField(null=True, db_index=True, max_length=60)),
                ('schedule', fields.CharField(null=True, max_length=100)),
                ('subject_type', fields.CharField(null=True, max_length=20)),
                ('date_field', fields.CharField(null=True, max_length=40)),
                ('offset_days', fields.IntField(default=0)),
                ('conditions', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('actions', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('round_robin_turn', fields.BigIntField(default=0)),
                ('last_fired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'automation_rule', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'When (trigger), if (conditions), do (actions): stored as data, edited through the API.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AutomationRun',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('rule', fields.ForeignKeyField('salesdesk.AutomationRule', source_field='rule_id', db_constraint=True, to_field='id', related_name='runs', on_delete=OnDelete.CASCADE)),
                ('trigger_key', fields.CharField(max_length=120)),
                ('event_id', fields.UUIDField(null=True)),
                ('event_type', fields.CharField(null=True, max_length=60)),
                ('event_payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('subject_type', fields.CharField(null=True, max_length=20)),
                ('subject_id', fields.IntField(null=True)),
                ('depth', fields.IntField(default=0)),
                ('status', fields.CharField(default='queued', db_index=True, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('done_steps', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('outcome', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('attempt_log', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('error_code', fields.CharField(null=True, max_length=60)),
                ('error', fields.TextField(null=True, unique=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'automation_run', 'app': 'salesdesk', 'unique_together': (('rule', 'trigger_key'),), 'pk_attr': 'id', 'table_description': 'One rule firing for one trigger (an event, a schedule slot or a date): unique, so it acts once.'},
            bases=['Model'],
        ),
    ]
