"""No N+1: a page of orders with customer, owner, warehouse, lines, products and shipments costs the
same number of queries for 10 rows as for 100."""

from tests.query_count import count_queries
from tests.domain.orders import factories as make

QUERY = """query($n: Int!) { orders(first: $n) { edges { node {
  number totalAmount customer { name } owner { username } warehouse { code }
  lines { quantity lineTotal product { sku name } }
  shipments { number lines { quantity line { position } } } returns { number } } } } }"""


def _count_queries(gql, size: int) -> int:
    gql.token("admin")
    queries, data = count_queries(lambda: gql.data(QUERY, {"n": size}, as_user="admin"))
    edges = data["orders"]["edges"]
    assert len(edges) == size
    assert all(edge["node"]["lines"] and edge["node"]["customer"]["name"] for edge in edges)
    return queries


def test_order_list_query_count_is_constant(client, gql):
    async def hundred_orders():
        from domain.orders import services, shipping

        rep = await make.actor_for("rep")
        scope = await make.order_scope(rep)
        warehouse, customer = await make.warehouse(), await make.customer_of("rep")
        first, second = await make.product(), await make.product()
        for item in (first, second):
            await make.receive(item, warehouse, 1000)
        for n in range(100):
            order = await make.draft(rep, customer, warehouse, (first, 2), (second, 1))
            if n % 2:
                await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
                await shipping.ship_order(actor=rep, scope=scope, order_id=order.id)

    gql.run(hundred_orders)
    worker = client.app.state.worker
    if worker is not None:
        gql.run(worker.join)  # event consumers of the setup must not query while queries are counted
    assert _count_queries(gql, 10) == _count_queries(gql, 100)
    queries = _count_queries(gql, 100)
    assert queries <= 10, queries
