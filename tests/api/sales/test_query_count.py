"""No N+1: contracts with customer, owner, approvals, attachments and progress cost the same for 10 or 100."""

from tests.query_count import count_queries

QUERY = """query($n: Int!){ contracts(first: $n){ edges { node { id number customer { name } owner { username }
  approvalStatus approvals { action actor { username } } attachments { fileName }
  quote { number } progress { orderedAmount orderedRatio } } } } }"""
QUOTES = """query($n: Int!){ quotes(first: $n){ edges { node { id owner { username } customer { name }
  lines { sku lineTotal } } } } }"""


def _seed(gql, n: int) -> None:
    async def write():
        from decimal import Decimal

        from domain.catalog.models import Product
        from domain.crm.models import Customer
        from domain.events.envelope import utcnow
        from domain.identity.models import User
        from domain.orders.models import Order
        from domain.sales.models import Contract, ContractApproval, ContractAttachment, Quote, QuoteLine

        users = {u.username: u for u in await User.filter(username__in=["rep", "rep2", "manager"])}
        customers = await Customer.all().limit(n)
        product = await Product.create(sku="QC-1", name="Query count product", list_price=Decimal("10.00"))
        quotes = [Quote(number=f"QC-Q{i}", customer=customers[i % len(customers)], owner_id=users["rep"].id,
                        status="accepted", total_amount=Decimal("20.00")) for i in range(n)]
        await Quote.bulk_create(quotes)
        quote_rows = await Quote.filter(number__startswith="QC-Q")
        await QuoteLine.bulk_create([QuoteLine(quote=q, product=product, quantity=2, unit_price=Decimal("10.00"),
                                               line_total=Decimal("20.00")) for q in quote_rows])
        owners = list(users.values())
        await Contract.bulk_create([
            Contract(number=f"QC-C{i}", title=f"Contract {i}", customer=customers[i % len(customers)],
                     quote=quote_rows[i], owner_id=owners[i % 3].id, team_id=owners[i % 3].team_id,
                     status="signed", amount=Decimal("1000.00")) for i in range(n)])
        contracts = await Contract.filter(number__startswith="QC-C")
        manager = users["manager"].id
        await ContractApproval.bulk_create([ContractApproval(contract=c, action="approved", actor_id=manager)
                                            for c in contracts])
        await ContractAttachment.bulk_create([
            ContractAttachment(contract=c, file_name="a.pdf", content_type="application/pdf", size_bytes=1,
                               storage_key=f"k/{c.id}", sha256="0" * 64) for c in contracts])
        await Order.bulk_create([Order(number=f"QC-O{c.id}", customer_id=c.customer_id, contract_id=c.id,
                                       status="confirmed", total_amount=Decimal("12.34"), ordered_at=utcnow())
                                 for c in contracts])

    gql.run(write)


def _count_queries(gql, query: str, key: str, size: int) -> int:
    gql.token("admin")
    queries, data = count_queries(lambda: gql.data(query, {"n": size}, as_user="admin"))
    assert len(data[key]["edges"]) == size
    return queries


def test_contract_list_query_count_is_constant(gql):
    _seed(gql, 100)
    small = _count_queries(gql, QUERY, "contracts", 10)
    assert small == _count_queries(gql, QUERY, "contracts", 100)
    assert small <= 8, small


def test_quote_list_query_count_is_constant(gql):
    _seed(gql, 100)
    small = _count_queries(gql, QUOTES, "quotes", 10)
    assert small == _count_queries(gql, QUOTES, "quotes", 100)
    assert small <= 4, small
