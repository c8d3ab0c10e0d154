from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0004_crm_profile')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField(db_index=True)),
                ('team_id', fields.IntField(null=True)),
                ('locale', fields.CharField(default='zh-CN', max_length=10)),
                ('scope', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('file_name', fields.CharField(max_length=255)),
                ('dry_run', fields.BooleanField(default=False)),
                ('status', fields.CharField(default='queued', db_index=True, max_length=10)),
                ('total', fields.IntField(default=0)),
                ('processed', fields.IntField(default=0)),
                ('created', fields.IntField(default=0)),
                ('rejected', fields.IntField(default=0)),
                ('error_code', fields.CharField(null=True, max_length=40)),
                ('error_message', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'crm_import_job', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'A customer import too large for one request, run by a worker in batches.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportRowError',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job_id', fields.IntField(db_index=True)),
                ('row', fields.IntField()),
                ('column', fields.CharField(null=True, max_length=100)),
                ('field_name', fields.CharField(null=True, max_length=100)),
                ('code', fields.CharField(max_length=40)),
                ('message', fields.CharField(max_length=500)),
            ],
            options={'table': 'crm_import_row_error', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': "One problem with one row of an import job's file."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportUpload',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job_id', fields.IntField(unique=True)),
                ('content', fields.BinaryField()),
            ],
            options={'table': 'crm_import_upload', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'The uploaded file of a queued import, kept in the database so any worker can read it.'},
            bases=['Model'],
        ),
    ]
