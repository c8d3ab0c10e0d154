"""Leads through the API: create, convert into a new or an existing (duplicate) customer plus an opportunity."""

from tests.api.funnel.documents import customer_of, mutate

CREATE_LEAD = """mutation($input: LeadInput!){ createLead(input: $input){
  lead { id name status source campaign owner { username } } errors { field code message } } }"""
CONVERT = """mutation($id: ID!, $input: ConvertLeadInput){ convertLead(id: $id, input: $input){
  lead { id status customer { id name } opportunity { id title amount stage { nameEn } } }
  customer { id name } opportunity { id title customer { id } } customerCreated errors { field code message } } }"""


def _lead(gql, user="rep", **values):
    result = mutate(gql, user, CREATE_LEAD, "createLead", {"input": {
        "name": "星河教育科技有限公司", "contactName": "李娜", "email": "li.na@xinghe.example", "source": "官网",
        "campaign": "2030 Q1 webinar", **values}})
    assert result["errors"] == [], result["errors"]
    return result["lead"]


def test_convert_creates_customer_and_opportunity(gql):
    lead = _lead(gql)
    assert (lead["status"], lead["owner"]["username"], lead["campaign"]) == ("open", "rep", "2030 Q1 webinar")
    converted = mutate(gql, "rep", CONVERT, "convertLead", {"id": lead["id"], "input": {"amount": "80000"}})
    assert converted["errors"] == [] and converted["customerCreated"] is True
    assert converted["customer"]["name"] == "星河教育科技有限公司"
    assert converted["opportunity"]["customer"]["id"] == converted["customer"]["id"]
    assert converted["lead"]["status"] == "converted"
    assert converted["lead"]["opportunity"] == {"id": converted["opportunity"]["id"], "title": "星河教育科技有限公司",
                                                "amount": "80000.00", "stage": {"nameEn": "Lead"}}
    again = mutate(gql, "rep", CONVERT, "convertLead", {"id": lead["id"]})
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]


def test_a_duplicate_customer_is_reported_then_linked_when_asked(gql):
    existing = customer_of(gql, "rep")
    name = gql.data("query($id: ID!){ customer(id: $id){ name } }", {"id": existing}, as_user="rep")["customer"]["name"]
    lead = _lead(gql, name=name, email=None, contactName=None)

    refused = mutate(gql, "rep", CONVERT, "convertLead", {"id": lead["id"]})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("name", "DUPLICATE_CUSTOMER")]
    assert refused["lead"] is None and refused["opportunity"] is None

    linked = mutate(gql, "rep", CONVERT, "convertLead", {"id": lead["id"], "input": {"linkDuplicate": True}})
    assert linked["errors"] == [] and linked["customerCreated"] is False
    assert linked["customer"]["id"] == existing and linked["lead"]["customer"]["id"] == existing

    other = _lead(gql, name="另一家 Another Co")
    chosen = mutate(gql, "rep", CONVERT, "convertLead", {"id": other["id"], "input": {"customerId": existing}})
    assert chosen["errors"] == [] and chosen["customer"]["id"] == existing


def test_lead_input_errors_are_per_field(gql):
    result = mutate(gql, "rep", CREATE_LEAD, "createLead", {"input": {
        "name": " ", "phone": "12", "email": "not-an-email", "ownerId": "abc"}})
    assert sorted((e["field"], e["code"]) for e in result["errors"]) == [("ownerId", "INVALID_INPUT")]
    result = mutate(gql, "rep", CREATE_LEAD, "createLead", {"input": {"name": " ", "phone": "12", "email": "x@"}})
    assert sorted((e["field"], e["code"]) for e in result["errors"]) == [
        ("email", "INVALID_EMAIL"), ("name", "REQUIRED"), ("phone", "INVALID_PHONE")]


def test_marketing_creates_leads_for_a_rep(gql):
    rep = gql.data("{ me { id } }", as_user="rep")["me"]["id"]
    lead = _lead(gql, "marketing", ownerId=rep)
    assert lead["owner"]["username"] == "rep"
    body = gql.post(CONVERT, {"id": lead["id"]}, as_user="marketing")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", "converting is the sales rep's job"
