"""A warehouse, products and stock for order API tests, made through the domain on the app's loop."""

from dataclasses import dataclass

import pytest

from tests.domain.orders import factories as make


@dataclass
class Stocked:
    warehouse_id: str
    widget_id: str  # 19.99, cost 12.00, floor 15.00, 13 % tax, 20 in stock
    gadget_id: str  # 100.00, cost 55.50, 6 % tax, 5 in stock
    retired_id: str  # inactive
    rep_customer_id: str
    rep2_customer_id: str


@pytest.fixture
def stocked(gql) -> Stocked:
    async def build():
        warehouse = await make.warehouse()
        widget = await make.product(list_price="19.99", cost_price="12.00", min_price="15.00")
        gadget = await make.product(list_price="100.00", cost_price="55.50", tax_rate="0.06")
        retired = await make.product(active=False)
        await make.receive(widget, warehouse, 20)
        await make.receive(gadget, warehouse, 5)
        ids = [warehouse.id, widget.id, gadget.id, retired.id, (await make.customer_of("rep")).id,
               (await make.customer_of("rep2")).id]
        return Stocked(*(str(i) for i in ids))

    return gql.run(build)


CREATE = """mutation($input: CreateOrderInput!) { createOrder(input: $input) {
  order { id number status subtotal discountAmount taxAmount totalAmount currency
          lines { id quantity unitPrice discount taxRate lineNet lineTax lineTotal product { sku } } }
  errors { field code message } } }"""


def create_order(gql, stocked: Stocked, lines: list[dict], *, as_user: str = "rep", customer: str | None = None,
                 **extra) -> dict:
    variables = {"input": {"customerId": customer or stocked.rep_customer_id, "lines": lines,
                           "warehouseId": stocked.warehouse_id, **extra}}
    return gql.data(CREATE, variables, as_user=as_user)["createOrder"]


def created(gql, stocked: Stocked, lines: list[dict], **kwargs) -> dict:
    payload = create_order(gql, stocked, lines, **kwargs)
    assert payload["errors"] == [], payload
    return payload["order"]
