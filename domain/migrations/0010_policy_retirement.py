from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('salesdesk', '0009_export_jobs')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PolicyRetirement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('line', fields.CharField(unique=True, max_length=330)),
                ('applied_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'identity_policy_retirement', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'A default rule withdrawn by an upgrade, applied once: an admin who adds it back keeps it.'},
            bases=['Model'],
        ),
    ]
