"""Role × field table for the catalog and inventory: exactly who reads and changes what."""

import pytest

ROLE_USERS = {
    "admin": "admin", "sales_director": "director", "sales_manager": "manager", "sales_rep": "rep",
    "finance": "finance", "warehouse": "warehouse", "marketing": "marketing", "service": "service",
    "auditor": "auditor", "partner": "partner",
}
SALES = {"sales_director", "sales_manager", "sales_rep"}

READS = {
    "{ products(first: 1) { edges { node { id sku } } } }": SALES | {"admin", "finance", "warehouse", "marketing",
                                                                       "service", "auditor"},
    "{ products(first: 1) { edges { node { costPrice } } } }": {"admin", "finance", "sales_director"},
    '{ productPrice(productId: "999999", customerId: "999999") { unitPrice } }': SALES | {"admin", "finance"},
    "{ stockLevels(first: 1) { edges { node { available } } } }": SALES | {"admin", "finance", "warehouse",
                                                                             "auditor"},
    "{ stockMovements(first: 1) { edges { node { kind } } } }": {"admin", "finance", "warehouse", "auditor"},
    "{ alerts(first: 1) { edges { node { id } } } }": {"admin", "warehouse", "sales_manager", "sales_director"},
    "{ purchaseOrders(first: 1) { edges { node { id } } } }": {"admin", "finance", "warehouse", "auditor"},
    "{ suppliers(first: 1) { edges { node { id } } } }": {"admin", "finance", "warehouse", "auditor"},
}
WRITES = {
    'mutation { createCategory(name: "权限测试") { errors { code } } }': {"admin", "sales_director"},
    'mutation { setLevelDiscount(level: "A", discountRate: "0.01") { errors { code } } }': {"admin", "sales_director"},
    'mutation { adjustStock(input: {productId: "999999", warehouseId: "999999", delta: 1, reason: "x"})'
    " { errors { code } } }": {"admin", "warehouse"},
    'mutation { createSupplier(input: {code: "PERM", name: "x"}) { errors { code } } }': {"admin", "warehouse"},
    'mutation { receivePurchaseOrder(id: "999999") { errors { code } } }': {"admin", "warehouse"},
}


@pytest.fixture
def product(gql):
    """One product, so field checks on list rows run."""
    async def make():
        from domain.catalog.models import Product
        await Product.create(sku="PERM-1", name="权限测试品", list_price="10.00", cost_price="4.00")
    gql.run(make)


def _denied(body) -> bool:
    return any(e["extensions"]["code"] == "FORBIDDEN" for e in body.get("errors", []))


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_read_matrix(gql, product, role):
    for query, allowed in READS.items():
        body = gql.post(query, as_user=ROLE_USERS[role])
        assert _denied(body) == (role not in allowed), (role, query, body)


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_write_matrix(gql, role):
    for mutation, allowed in WRITES.items():
        body = gql.post(mutation, as_user=ROLE_USERS[role])
        assert _denied(body) == (role not in allowed), (role, mutation, body)
