"""The customer list reads rows without building models; every attribute matches the model's."""

from domain.crm.models import Customer
from domain.crm.queries import CustomerFilter, CustomerRow, list_customers
from domain.identity.scope import ALL


async def test_list_rows_carry_exactly_the_models_values(db):
    page = await list_customers(scope=ALL, filter=CustomerFilter(), first=20, after=None, limit=200)
    assert page.rows and all(isinstance(row, CustomerRow) for row in page.rows)
    models = {m.id: m for m in await Customer.filter(id__in=[r.id for r in page.rows])}
    for row in page.rows:
        model = models[row.id]
        for name in Customer._meta.db_fields:
            attribute = Customer._meta.fields_map.get(name)
            attribute = attribute.model_field_name if attribute else name
            assert getattr(row, attribute) == getattr(model, attribute), attribute
    following = await list_customers(scope=ALL, filter=CustomerFilter(), first=20, after=page.end_cursor, limit=200)
    assert following.rows[0].id > page.rows[-1].id
