"""Ownership: assign and transfer with a reason, the public pool and its claim limit, merging."""

from datetime import timedelta

import pytest

ASSIGN = """mutation($ids:[ID!]!, $owner:ID!, $reason:String!){ assignCustomers(ids:$ids, ownerId:$owner, reason:$reason){
  customers { id owner { username } } errors { field code } } }"""
CLAIM = "mutation($id:ID!){ claimCustomer(id:$id){ customer { owner { username } inPool } errors { code } } }"
RELEASE = 'mutation($id:ID!){ releaseCustomer(id:$id, reason:"没有需求 no need"){ customer { inPool } errors { code } } }'
MERGE = """mutation($s:ID!, $m:[ID!]!){ mergeCustomers(survivorId:$s, mergedIds:$m){
  customer { id tags contacts { name } } errors { field code } } }"""


def _ids(gql, user, n=3):
    edges = gql.data("query($n:Int!){ customers(first:$n) { edges { node { id } } } }", {"n": n},
                     as_user=user)["customers"]["edges"]
    return [e["node"]["id"] for e in edges]


def _user_id(gql, username):
    return gql.data("{ me { id } }", as_user=username)["me"]["id"]


def _visible(gql, user, customer_id):
    return gql.data("query($id:ID!){ customer(id:$id) { id } }", {"id": customer_id}, as_user=user)["customer"]


def test_manager_transfers_customers_between_reps_with_reason(gql):
    ids = _ids(gql, "rep", 2)
    result = gql.data(ASSIGN, {"ids": ids, "owner": _user_id(gql, "rep2"), "reason": "离职交接 handover"},
                      as_user="manager")["assignCustomers"]
    assert result["errors"] == []
    assert {c["owner"]["username"] for c in result["customers"]} == {"rep2"}
    assert _visible(gql, "rep", ids[0]) is None
    assert _visible(gql, "rep2", ids[0])["id"] == ids[0]

    async def history():
        from domain.crm.models import OwnershipChange
        return await OwnershipChange.filter(customer_id=int(ids[0])).values_list("kind", "reason")
    assert gql.run(history) == [("assigned", "离职交接 handover")]


def test_assignment_needs_reason_scope_and_permission(gql):
    ids = _ids(gql, "rep", 1)
    rep2 = _user_id(gql, "rep2")
    no_reason = gql.data(ASSIGN, {"ids": ids, "owner": rep2, "reason": " "}, as_user="manager")["assignCustomers"]
    assert no_reason["errors"] == [{"field": "reason", "code": "REASON_REQUIRED"}]
    outsider = gql.data(ASSIGN, {"ids": ids, "owner": _user_id(gql, "warehouse"), "reason": "x"},
                        as_user="manager")["assignCustomers"]
    assert outsider["errors"] == [{"field": "ownerId", "code": "UNKNOWN_OWNER"}]
    denied = gql.post(ASSIGN, {"ids": ids, "owner": rep2, "reason": "x"}, as_user="rep")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    too_many = gql.data(ASSIGN, {"ids": [str(i) for i in range(1, 600)], "owner": rep2, "reason": "x"},
                        as_user="admin")["assignCustomers"]
    assert too_many["errors"] == [{"field": "ids", "code": "TOO_MANY_IDS"}]


def test_bulk_assignment_is_all_or_nothing(gql):
    mine = _ids(gql, "rep", 1)
    missing = gql.data(ASSIGN, {"ids": mine + ["999999"], "owner": _user_id(gql, "rep2"), "reason": "x"},
                       as_user="manager")["assignCustomers"]
    assert missing["errors"] == [{"field": "ids", "code": "NOT_FOUND"}]
    assert _visible(gql, "rep", mine[0]) is not None


def test_release_to_pool_and_claim(gql):
    customer_id = _ids(gql, "rep", 1)[0]
    assert gql.data(RELEASE, {"id": customer_id}, as_user="rep")["releaseCustomer"]["customer"]["inPool"] is True
    pool = gql.data("{ customerPool(first: 50) { edges { node { id phone } } } }", as_user="rep2")["customerPool"]
    pooled = [e["node"] for e in pool["edges"]]
    assert customer_id in [n["id"] for n in pooled]
    claimed = gql.data(CLAIM, {"id": customer_id}, as_user="rep2")["claimCustomer"]
    assert claimed == {"customer": {"owner": {"username": "rep2"}, "inPool": False}, "errors": []}
    again = gql.data(CLAIM, {"id": customer_id}, as_user="rep")["claimCustomer"]
    assert again["errors"] == [{"code": "NOT_IN_POOL"}]


def test_daily_claim_limit(gql, monkeypatch):
    from settings import reset_settings

    monkeypatch.setenv("POOL_CLAIM_DAILY_LIMIT", "1")
    reset_settings()
    first, second = _ids(gql, "rep", 2)
    for customer_id in (first, second):
        gql.data(RELEASE, {"id": customer_id}, as_user="rep")
    assert gql.data(CLAIM, {"id": first}, as_user="rep2")["claimCustomer"]["errors"] == []
    assert gql.data(CLAIM, {"id": second}, as_user="rep2")["claimCustomer"]["errors"] == [{"code": "CLAIM_LIMIT_REACHED"}]


def test_customers_without_follow_up_return_to_pool(gql):
    customer_id = int(_ids(gql, "rep", 1)[0])

    async def age_and_run():
        from domain.actor import SYSTEM
        from domain.crm.models import Customer
        from domain.crm.services import return_stale_customers
        from domain.events.envelope import utcnow

        old = utcnow() - timedelta(days=45)
        await Customer.filter(id=customer_id).update(last_interaction_at=old, assigned_at=old)
        await Customer.exclude(id=customer_id).update(last_interaction_at=utcnow())
        return await return_stale_customers(actor=SYSTEM, days=30)

    assert gql.run(age_and_run) == 1
    assert _visible(gql, "rep", str(customer_id)) is None
    assert _visible(gql, "admin", str(customer_id)) is not None


def test_merge_keeps_every_related_record(gql):
    survivor, merged = _ids(gql, "rep", 2)

    async def related(ids):
        from domain.crm.models import Contact, Interaction
        from domain.orders.models import Order
        ids = [int(i) for i in ids]
        return {model.__name__: await model.filter(customer_id__in=ids).count()
                for model in (Contact, Interaction, Order)}

    before = gql.run(related, [survivor, merged])
    result = gql.data(MERGE, {"s": survivor, "m": [merged]}, as_user="manager")["mergeCustomers"]
    assert result["errors"] == []
    assert gql.run(related, [survivor]) == before
    assert gql.run(related, [merged]) == {"Contact": 0, "Interaction": 0, "Order": 0}
    assert _visible(gql, "manager", merged) is None


@pytest.mark.parametrize("merged,code", [([], "MERGE_INVALID"), (["999999"], "NOT_FOUND")])
def test_merge_rejects_bad_targets(gql, merged, code):
    survivor = _ids(gql, "rep", 1)[0]
    result = gql.data(MERGE, {"s": survivor, "m": merged}, as_user="manager")["mergeCustomers"]
    assert result["errors"][0]["code"] == code
