from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0003_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Contact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('salesdesk.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='contacts', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(db_index=True, max_length=100)),
                ('title', fields.CharField(null=True, max_length=100)),
                ('phone_encrypted', fields.TextField(null=True, unique=False)),
                ('phone_index', fields.CharField(null=True, db_index=True, max_length=64)),
                ('email_encrypted', fields.TextField(null=True, unique=False)),
                ('email_index', fields.CharField(null=True, db_index=True, max_length=64)),
                ('wechat_id', fields.CharField(null=True, max_length=64)),
                ('birthday', fields.DateField(null=True)),
                ('is_primary', fields.BooleanField(default=False)),
                ('marketing_consent', fields.BooleanField(default=False)),
                ('consent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consent_source', fields.CharField(null=True, max_length=50)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'crm_contact', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomFieldDefinition',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=50)),
                ('label_zh', fields.CharField(max_length=100)),
                ('label_en', fields.CharField(max_length=100)),
                ('field_type', fields.CharField(max_length=10)),
                ('choices', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('required', fields.BooleanField(default=False)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'crm_custom_field', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'An admin-defined, typed extra field on customers.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Interaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('salesdesk.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('salesdesk.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.SET_NULL)),
                ('user', fields.ForeignKeyField('salesdesk.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.SET_NULL)),
                ('kind', fields.CharField(max_length=10)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('summary', fields.TextField(unique=False)),
                ('outcome', fields.CharField(null=True, max_length=200)),
                ('next_step', fields.CharField(null=True, max_length=200)),
                ('next_step_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('opportunity_id', fields.IntField(null=True)),
                ('order', fields.ForeignKeyField('salesdesk.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'crm_interaction', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OwnershipChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('salesdesk.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='ownership_changes', on_delete=OnDelete.CASCADE)),
                ('from_owner_id', fields.IntField(null=True)),
                ('to_owner_id', fields.IntField(null=True, db_index=True)),
                ('kind', fields.CharField(max_length=12)),
                ('reason', fields.CharField(null=True, max_length=500)),
                ('actor_id', fields.IntField(null=True)),
                ('changed_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'crm_ownership_change', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'Who owned a customer, when it changed, why and by whom (assign, transfer, claim, return).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='assigned_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='birthday',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Customer',
            name='custom_fields',
            field=fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Customer',
            name='email_encrypted',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='email_index',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.AddField(
            model_name='Customer',
            name='id_number_encrypted',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='id_number_index',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.AddField(
            model_name='Customer',
            name='last_interaction_at',
            field=fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='merged_into_id',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Customer',
            name='normalized_name',
            field=fields.CharField(default='', db_index=True, max_length=200),
        ),
        ops.AddField(
            model_name='Customer',
            name='notes',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='phone_encrypted',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='phone_index',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.AddField(
            model_name='Customer',
            name='tags',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
