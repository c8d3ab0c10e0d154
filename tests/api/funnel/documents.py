"""GraphQL documents and small helpers for the funnel API tests."""

from __future__ import annotations

ERRORS = "errors { field code message }"
OPPORTUNITY = """id title status amount currency weightedAmount lostReason closedAt
  stage { id nameEn name isWon isLost probability } owner { username } customer { id name }"""
PIPELINES = """{ pipelines { id name isDefault
  stages { id name nameZh nameEn position probability isWon isLost color } } }"""
CREATE_OPPORTUNITY = f"""mutation($input: OpportunityInput!){{ createOpportunity(input: $input){{
  opportunity {{ {OPPORTUNITY} }} {ERRORS} }} }}"""
MOVE = f"""mutation($id: ID!, $stage: ID!, $position: Int){{
  moveOpportunity(id: $id, stageId: $stage, position: $position){{
  opportunity {{ {OPPORTUNITY} }} {ERRORS} }} }}"""
WIN = f"""mutation($id: ID!, $amount: Decimal){{ markOpportunityWon(id: $id, amount: $amount){{
  opportunity {{ {OPPORTUNITY} }} {ERRORS} }} }}"""
LOSE = f"""mutation($id: ID!, $reason: String!){{ markOpportunityLost(id: $id, reason: $reason){{
  opportunity {{ {OPPORTUNITY} }} {ERRORS} }} }}"""
ONE = f"query($id: ID!){{ opportunity(id: $id){{ {OPPORTUNITY} }} }}"
LIST = """query($first: Int!, $filter: OpportunityFilterInput){ opportunities(first: $first, filter: $filter){
  totalCount edges { node { id title owner { username } } } } }"""
BOARD = """query($p: ID!, $first: Int!){ pipelineBoard(pipelineId: $p){ pipeline { id name }
  stages { stage { id nameEn } count totalAmount weightedAmount
           opportunities(first: $first){ totalCount edges { node { id title owner { username } } } } } } }"""
CREATE_TASK = f"""mutation($input: TaskInput!){{ createTask(input: $input){{
  task {{ id title kind status dueAt remindAt recurrence overdue assignee {{ username }} customerId }} {ERRORS} }} }}"""
COMPLETE_TASK = f"""mutation($id: ID!){{ completeTask(id: $id){{ task {{ id status }}
  nextTask {{ id status dueAt remindAt previousId recurrence }} {ERRORS} }} }}"""


def user_id(gql, username: str) -> str:
    return gql.data("{ me { id } }", as_user=username)["me"]["id"]


def customer_of(gql, user: str) -> str:
    edges = gql.data("query($o: ID){ customers(first: 1, filter: {ownerId: $o}){ edges { node { id } } } }",
                     {"o": user_id(gql, user)}, as_user=user)["customers"]["edges"]
    return edges[0]["node"]["id"]


def default_pipeline(gql, user: str = "rep") -> dict:
    pipelines = gql.data(PIPELINES, as_user=user)["pipelines"]
    return next(p for p in pipelines if p["isDefault"])


def stage_ids(gql, user: str = "rep") -> dict[str, str]:
    """The default pipeline's stage ids by English name."""
    return {s["nameEn"]: s["id"] for s in default_pipeline(gql, user)["stages"]}


def create_opportunity(gql, user: str, **values) -> dict:
    """The createOpportunity payload, messages in English."""
    payload = {"customerId": values.pop("customerId", None) or customer_of(gql, user),
               "title": values.pop("title", "年度采购 Annual supply"), **values}
    body = gql.post(CREATE_OPPORTUNITY, {"input": payload}, as_user=user, headers={"accept-language": "en"})
    assert "errors" not in body, body
    return body["data"]["createOpportunity"]


def new_opportunity(gql, user: str, **values) -> dict:
    result = create_opportunity(gql, user, **values)
    assert result["errors"] == [], result["errors"]
    return result["opportunity"]


def mutate(gql, user: str, document: str, key: str, variables: dict, locale: str = "en") -> dict:
    body = gql.post(document, variables, as_user=user, headers={"accept-language": locale})
    assert "errors" not in body, body
    return body["data"][key]


def codes(payload: dict) -> list[tuple[str, str]]:
    return sorted((e["field"], e["code"]) for e in payload["errors"])
