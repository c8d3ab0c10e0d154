"""Pipelines and opportunities through the API: stages, moves, history, winning and losing, per-field errors."""

from tests.api.funnel.documents import (
    LOSE, MOVE, ONE, PIPELINES, WIN, codes, create_opportunity, customer_of, default_pipeline, mutate,
    new_opportunity, stage_ids,
)

HISTORY = """query($id: ID!){ opportunity(id: $id){ stageHistory { fromStage { nameEn } toStage { nameEn }
  actor { username } changedAt secondsInPreviousStage } } }"""


def test_pipelines_list_the_default_with_its_stages_in_order_and_in_the_viewers_language(gql):
    default = default_pipeline(gql)
    assert [s["nameEn"] for s in default["stages"]] == ["Lead", "Qualified", "Proposal", "Negotiation/Decision",
                                                        "Won", "Lost"]
    assert [s["name"] for s in default["stages"]][:2] == ["线索", "需求确认"], "zh-CN by default"
    english = gql.post(PIPELINES, as_user="rep", headers={"accept-language": "en"})["data"]["pipelines"][0]
    assert english["stages"][0]["name"] == "Lead" and english["name"] == "Default pipeline"
    assert [s["probability"] for s in default["stages"]] == ["0.1000", "0.2500", "0.5000", "0.7500", "1.0000",
                                                             "0.0000"]


def test_create_move_and_win_an_opportunity(gql):
    stages = stage_ids(gql)
    opp = new_opportunity(gql, "rep", amount="12345.67", expectedCloseDate="2030-06-30")
    assert (opp["status"], opp["stage"]["nameEn"], opp["owner"]["username"]) == ("open", "Lead", "rep")
    assert opp["weightedAmount"] == "1234.57"

    moved = mutate(gql, "rep", MOVE, "moveOpportunity", {"id": opp["id"], "stage": stages["Negotiation/Decision"]})
    assert moved["errors"] == [] and moved["opportunity"]["stage"]["nameEn"] == "Negotiation/Decision"
    assert moved["opportunity"]["weightedAmount"] == "9259.25"

    won = mutate(gql, "rep", WIN, "markOpportunityWon", {"id": opp["id"]})
    assert won["errors"] == []
    assert (won["opportunity"]["status"], won["opportunity"]["stage"]["isWon"]) == ("won", True)
    assert won["opportunity"]["closedAt"] is not None

    history = gql.data(HISTORY, {"id": opp["id"]}, as_user="rep")["opportunity"]["stageHistory"]
    assert [(h["fromStage"] and h["fromStage"]["nameEn"], h["toStage"]["nameEn"]) for h in history] == [
        (None, "Lead"), ("Lead", "Negotiation/Decision"), ("Negotiation/Decision", "Won")]
    assert {h["actor"]["username"] for h in history} == {"rep"}
    assert history[0]["secondsInPreviousStage"] is None
    assert all(isinstance(h["secondsInPreviousStage"], int) for h in history[1:])


def test_winning_without_an_amount_is_refused_with_a_clear_message(gql):
    opp = new_opportunity(gql, "rep")
    assert opp["amount"] == "0.00"
    refused = mutate(gql, "rep", WIN, "markOpportunityWon", {"id": opp["id"]})
    assert refused["opportunity"] is None
    assert codes(refused) == [("amount", "WIN_NEEDS_AMOUNT")]
    assert refused["errors"][0]["message"] == "An opportunity needs an amount above zero to be won"
    chinese = mutate(gql, "rep", WIN, "markOpportunityWon", {"id": opp["id"]}, locale="zh-CN")
    assert chinese["errors"][0]["message"] == "赢单前请填写大于 0 的商机金额"
    assert gql.data(ONE, {"id": opp["id"]}, as_user="rep")["opportunity"]["status"] == "open"
    ok = mutate(gql, "rep", WIN, "markOpportunityWon", {"id": opp["id"], "amount": "5000"})
    assert ok["errors"] == [] and ok["opportunity"]["amount"] == "5000.00"


def test_moving_to_another_pipelines_stage_is_refused(gql):
    created = mutate(gql, "admin", """mutation($input: PipelineInput!){ createPipeline(input: $input){
        pipeline { id stages { id nameEn } } errors { field code } } }""", "createPipeline", {"input": {
        "nameZh": "渠道", "nameEn": "Channel", "stages": [
            {"nameZh": "洽谈", "nameEn": "Talks", "probability": "0.3", "color": "#123abc"},
            {"nameZh": "签约", "nameEn": "Signed", "probability": "1", "isWon": True},
            {"nameZh": "放弃", "nameEn": "Dropped", "isLost": True}]}})
    assert created["errors"] == []
    foreign = created["pipeline"]["stages"][0]["id"]
    opp = new_opportunity(gql, "rep")
    refused = mutate(gql, "rep", MOVE, "moveOpportunity", {"id": opp["id"], "stage": foreign})
    assert refused["opportunity"] is None and codes(refused) == [("stageId", "STAGE_OTHER_PIPELINE")]
    assert gql.data(ONE, {"id": opp["id"]}, as_user="rep")["opportunity"]["stage"]["nameEn"] == "Lead"
    assert mutate(gql, "rep", MOVE, "moveOpportunity", {"id": opp["id"], "stage": "999999"})["errors"][0]["code"] \
        == "UNKNOWN_STAGE"


def test_losing_records_the_reason(gql):
    opp = new_opportunity(gql, "rep", amount="100")
    assert codes(mutate(gql, "rep", LOSE, "markOpportunityLost", {"id": opp["id"], "reason": " "})) == [
        ("reason", "REASON_REQUIRED")]
    lost = mutate(gql, "rep", LOSE, "markOpportunityLost", {"id": opp["id"], "reason": "选择了竞品 Went with a rival"})
    assert lost["opportunity"]["status"] == "lost" and lost["opportunity"]["lostReason"] == "选择了竞品 Went with a rival"
    assert lost["opportunity"]["weightedAmount"] == "0.00"


def test_bad_input_reports_every_field_and_writes_nothing(gql):
    count = 'query{ opportunities(first: 1){ totalCount } }'
    before = gql.data(count, as_user="admin")["opportunities"]["totalCount"]
    result = create_opportunity(gql, "rep", customerId=customer_of(gql, "rep2"), title="", amount="-5",
                                currency="yuan", ownerId="999999", stageId=stage_ids(gql)["Won"],
                                lines=[{"productId": "999999", "quantity": 0}])
    assert result["opportunity"] is None
    assert codes(result) == [("amount", "INVALID_MONEY"), ("currency", "INVALID_CURRENCY"),
                             ("customerId", "UNKNOWN_CUSTOMER"), ("lines.0.productId", "UNKNOWN_PRODUCT"),
                             ("lines.0.quantity", "INVALID_QUANTITY"), ("ownerId", "UNKNOWN_OWNER"),
                             ("stageId", "STAGE_CLOSED"), ("title", "REQUIRED")]
    assert all(e["message"] and e["message"] != e["code"] for e in result["errors"])
    assert gql.data(count, as_user="admin")["opportunities"]["totalCount"] == before


def test_lines_price_the_opportunity(gql):
    product = gql.run(_product)
    opp = new_opportunity(gql, "rep", lines=[{"productId": str(product), "quantity": 3},
                                             {"productId": str(product), "quantity": 1, "unitPrice": "99.50"}])
    assert opp["amount"] == "3099.50"
    document = "query($id: ID!){ opportunity(id: $id){ lines { quantity unitPrice lineTotal product { sku } } } }"
    lines = gql.data(document, {"id": opp["id"]}, as_user="rep")["opportunity"]["lines"]
    assert lines == [{"quantity": 3, "unitPrice": "1000.00", "lineTotal": "3000.00", "product": {"sku": "FUN-1"}},
                     {"quantity": 1, "unitPrice": "99.50", "lineTotal": "99.50", "product": {"sku": "FUN-1"}}]


async def _product() -> int:
    from decimal import Decimal

    from domain.catalog.models import Product

    return (await Product.create(sku="FUN-1", name="漏斗测试品 Funnel product", list_price=Decimal("1000.00"))).id


def test_pipeline_configuration_is_for_admins(gql):
    document = """mutation{ updateStage(id: "1", input: {probability: "0.2"}){ errors { code } } }"""
    body = gql.post(document, as_user="manager")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and body["data"]["updateStage"] is None
    stages = stage_ids(gql)
    updated = mutate(gql, "admin", """mutation($id: ID!){ updateStage(id: $id, input: {probability: "0.2",
        color: "#00FF00"}, position: 0){ stage { probability color position } errors { field code } } }""",
                     "updateStage", {"id": stages["Qualified"]})
    assert updated == {"stage": {"probability": "0.2000", "color": "#00ff00", "position": 1}, "errors": []}
    assert [s["nameEn"] for s in default_pipeline(gql)["stages"]][:2] == ["Qualified", "Lead"]
    bad = mutate(gql, "admin", """mutation($id: ID!){ updateStage(id: $id, input: {probability: "1.5",
        color: "red"}){ errors { field code } } }""", "updateStage", {"id": stages["Lead"]})
    assert codes(bad) == [("color", "INVALID_COLOR"), ("probability", "INVALID_PROBABILITY")]
