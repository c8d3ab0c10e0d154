"""Mutations that change records leave before/after values in the audit trail, sensitive ones masked."""

AUDIT = """query($action:String!){ auditEvents(filter:{action:$action}, first: 5){ edges { node {
  actorName action entityIds outcome changes { entityType field before after } } } } }"""


def test_customer_update_records_masked_before_and_after(gql):
    created = gql.data('mutation { createCustomer(input:{name:"审计变更 Audit Change", phone:"13912345678", level:"C"}) '
                       '{ customer { id } errors { code } } }', as_user="rep")["createCustomer"]
    customer_id = created["customer"]["id"]
    updated = gql.data('mutation($id:ID!){ updateCustomer(id:$id, input:{level:"A", phone:"13800001111"}) '
                       '{ errors { code } } }', {"id": customer_id}, as_user="rep")["updateCustomer"]
    assert updated["errors"] == []
    records = gql.data(AUDIT, {"action": "updateCustomer"}, as_user="auditor")["auditEvents"]["edges"]
    record = records[0]["node"]
    assert record["actorName"] == "rep" and record["outcome"] == "OK"
    changes = {c["field"]: c for c in record["changes"]}
    assert changes["level"]["before"] == "C" and changes["level"]["after"] == "A"
    assert "13912345678" not in str(changes["phone"]) and "13800001111" not in str(changes["phone"])
    assert changes["phone"]["before"] != changes["phone"]["after"]


def test_assignment_records_the_owner_change(gql):
    customer_id = gql.data("{ customers(first:1) { edges { node { id } } } }", as_user="rep")["customers"]["edges"][0][
        "node"]["id"]
    rep2 = gql.data("{ me { id } }", as_user="rep2")["me"]["id"]
    rep = gql.data("{ me { id } }", as_user="rep")["me"]["id"]
    result = gql.data('mutation($ids:[ID!]!, $o:ID!){ assignCustomers(ids:$ids, ownerId:$o, reason:"调整 rebalance") '
                      '{ errors { code } } }', {"ids": [customer_id], "o": rep2}, as_user="manager")
    assert result["assignCustomers"]["errors"] == []
    record = gql.data(AUDIT, {"action": "assignCustomers"}, as_user="auditor")["auditEvents"]["edges"][0]["node"]
    assert {"entityType": "Customer", "field": "ownerId", "before": int(rep), "after": int(rep2)} in record["changes"]
