"""Documents and small factories for the quote and contract API tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

CONTRACT = """id number title status currency amount signedDate startDate endDate approvalRequired approvalStatus
  invoicedAmount collectedAmount terminatedReason owner { username } customer { id name }"""
ERRORS = "errors { field code message }"
CREATE_CONTRACT = f"""mutation($input: ContractInput!){{ createContract(input: $input){{
  contract {{ {CONTRACT} }} {ERRORS} }} }}"""
ONE_CONTRACT = f"query($id: ID!){{ contract(id: $id){{ {CONTRACT} }} }}"
LIST_CONTRACTS = """query($first: Int!, $filter: ContractFilterInput){ contracts(first: $first, filter: $filter){
  totalCount edges { node { id number status owner { username } } } } }"""
SIGNATURES = {
    "submitContractForApproval": {"comment": "String"},
    "approveContract": {"comment": "String"},
    "rejectContract": {"comment": "String!"},
    "signContract": {"signedDate": "Date!"},
    "terminateContract": {"reason": "String!"},
    "recordContractInvoice": {"amount": "Decimal!"},
    "recordContractCollection": {"amount": "Decimal!"},
}


def business_today() -> date:
    from domain.sales.validation import today
    return today()


def customer_of(gql, user: str) -> str:
    """The id of a customer ``user`` owns."""
    edges = gql.data("query($o: ID){ customers(first: 1, filter: {ownerId: $o}){ edges { node { id } } } }",
                     {"o": user_id(gql, user)}, as_user=user)["customers"]["edges"]
    return edges[0]["node"]["id"]


def user_id(gql, username: str) -> str:
    return gql.data("{ me { id } }", as_user=username)["me"]["id"]


def contract_input(customer_id: str, **overrides) -> dict:
    start = business_today()
    values = {"title": "年度采购合同 Annual supply", "customerId": customer_id, "amount": "50000.00",
              "startDate": start.isoformat(), "endDate": (start + timedelta(days=365)).isoformat()}
    values.update(overrides)
    return values


def create_contract(gql, user: str, customer_id: str | None = None, **overrides) -> dict:
    """The createContract payload (contract and errors), messages in English."""
    variables = {"input": contract_input(customer_id or customer_of(gql, user), **overrides)}
    body = gql.post(CREATE_CONTRACT, variables, as_user=user, headers={"accept-language": "en"})
    assert "errors" not in body, body
    return body["data"]["createContract"]


def new_contract(gql, user: str, amount: str = "50000.00", **overrides) -> dict:
    result = create_contract(gql, user, amount=amount, **overrides)
    assert result["errors"] == [], result["errors"]
    return result["contract"]


def post_action(gql, user: str, name: str, contract_id: str, **variables) -> dict:
    """The raw response of a contract workflow mutation (``id`` plus the mutation's own arguments)."""
    signature = SIGNATURES.get(name, {})
    declared = "".join(f", ${k}: {t}" for k, t in signature.items())
    passed = "".join(f", {k}: ${k}" for k in signature)
    document = f"mutation($id: ID!{declared}){{ {name}(id: $id{passed}){{ contract {{ {CONTRACT} }} {ERRORS} }} }}"
    return gql.post(document, {"id": contract_id, **variables}, as_user=user, headers={"accept-language": "en"})


def action(gql, user: str, name: str, contract_id: str, **variables) -> dict:
    """The payload of a contract workflow mutation that the caller is allowed to call."""
    body = post_action(gql, user, name, contract_id, **variables)
    assert "errors" not in body, body
    return body["data"][name]


def ok(payload: dict) -> dict:
    assert payload["errors"] == [], payload["errors"]
    return payload["contract"]


def codes(payload: dict) -> set[tuple[str | None, str]]:
    return {(e["field"], e["code"]) for e in payload["errors"]}


def sign(gql, user: str, contract_id: str, signed: date | None = None) -> dict:
    return action(gql, user, "signContract", contract_id, signedDate=(signed or business_today()).isoformat())


def contract_events(gql, contract_id: str) -> list:
    """Outbox events of one contract, in the order they happened."""

    async def fetch():
        from domain.events.models import OutboxEvent
        rows = OutboxEvent.filter(aggregate_type="Contract", aggregate_id=str(contract_id))
        return await rows.order_by("occurred_at")

    return gql.run(fetch)


def approval_rows(gql, contract_id: str) -> list[tuple]:
    async def fetch():
        from domain.sales.models import ContractApproval
        return await ContractApproval.filter(contract_id=int(contract_id)).order_by("id").values_list(
            "action", "actor_id", "comment")

    return gql.run(fetch)


def add_orders(gql, contract_id: str, *orders: tuple[str, str]) -> None:
    """Orders placed against a contract, written directly: (total amount, status) each."""

    async def write():
        from domain.events.envelope import utcnow
        from domain.orders.models import Order
        from domain.sales.models import Contract

        contract = await Contract.get(id=int(contract_id))
        for n, (amount, status) in enumerate(orders):
            await Order.create(number=f"T{contract.id}-{n}", customer_id=contract.customer_id,
                               owner_id=contract.owner_id, team_id=contract.team_id, status=status,
                               total_amount=Decimal(amount), ordered_at=utcnow(), contract_id=contract.id)

    gql.run(write)


def manager_of_another_team(gql) -> str:
    """A sales manager heading a team that neither demo rep belongs to; signed in."""
    password = "West-Manager-2026"

    async def make():
        from domain.actor import SYSTEM
        from domain.identity.services import create_team, create_user

        boss = await create_user(actor=SYSTEM, username="west_manager", password=password,
                                 display_name="西区经理 West Manager", roles=["sales_manager"])
        team = await create_team(actor=SYSTEM, name="西区销售部 West Sales", manager_id=boss.id)
        boss.team_id = team.id
        await boss.save(update_fields=["team_id"])

    gql.run(make)
    gql.token("west_manager", password)
    created = gql.data('mutation{ createCustomer(input: {name: "成都西岭贸易 Xiling Trading"}){ errors { code } } }',
                       as_user="west_manager")
    assert created["createCustomer"]["errors"] == []
    return "west_manager"


def make_products(gql, *prices: tuple[str, str, str | None]) -> list[str]:
    """Active products (list price, tax rate, floor price or None); their ids."""

    async def write():
        from domain.catalog.models import Product
        ids = []
        for n, (price, tax, floor) in enumerate(prices):
            product = await Product.create(sku=f"T-SKU-{n}", name=f"测试产品 Test product {n}",
                                           list_price=Decimal(price), tax_rate=Decimal(tax),
                                           min_price=Decimal(floor) if floor else None)
            ids.append(str(product.id))
        return ids

    return gql.run(write)
