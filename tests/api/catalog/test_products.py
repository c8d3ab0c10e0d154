"""Products: create, read, update, deactivate; validation; the category tree; cost price visibility."""

import pytest

from tests.api.catalog.steps import CREATE_PRODUCT, new_product, new_supplier

UPDATE = """mutation($id: ID!, $i: ProductInput!){ updateProduct(id:$id, input:$i){
  product { id sku name listPrice minPrice active category { id } } errors { field code message } } }"""
DEACTIVATE = "mutation($id: ID!){ deactivateProduct(id:$id){ product { id active } errors { field code } } }"
CATEGORY = """mutation($name: String!, $parent: ID){ createCategory(name:$name, parentId:$parent){
  category { id name path parent { name } } errors { field code message } } }"""
PRODUCTS = """query($f: ProductFilterInput, $n: Int = 50, $after: String){ products(filter:$f, first:$n, after:$after){
  totalCount edges { node { id sku name } } pageInfo { hasNextPage endCursor } } }"""
COST = "query($id: ID!){ product(id:$id){ id sku listPrice costPrice margin marginRate } }"


def _create(gql, values, *, user="director", locale="en"):
    body = gql.post(CREATE_PRODUCT, {"i": values}, as_user=user, headers={"accept-language": locale})
    assert "errors" not in body, body
    return body["data"]["createProduct"]


def _count(gql):
    async def count():
        from domain.catalog.models import Product
        return await Product.all().count()
    return gql.run(count)


def test_director_creates_and_reads_a_product(gql):
    supplier = new_supplier(gql)
    made = new_product(gql, sku="TEA-001", name="西湖龙井 500g", unit="盒", listPrice="388.00", costPrice="201.50",
                       minPrice="320.00", taxRate="0.09", supplierId=supplier["id"])
    assert made["sku"] == "TEA-001" and made["unit"] == "盒" and made["active"] is True
    assert (made["listPrice"], made["costPrice"], made["minPrice"], made["taxRate"]) == (
        "388.00", "201.50", "320.00", "0.0900")
    seen = gql.data("query($id:ID!){ product(id:$id){ name supplier { code } } }", {"id": made["id"]},
                    as_user="warehouse")["product"]
    assert seen == {"name": "西湖龙井 500g", "supplier": {"code": supplier["code"]}}


def test_defaults_unit_and_tax_rate(gql):
    made = new_product(gql)
    assert (made["unit"], made["taxRate"], made["minPrice"]) == ("件", "0.1300", None)


def test_every_bad_field_is_reported_and_nothing_is_written(gql):
    before = _count(gql)
    result = _create(gql, {"sku": "bad sku!", "name": " ", "listPrice": "-1", "costPrice": "1.005",
                           "taxRate": "1.5", "categoryId": "999999"})
    assert result["product"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("sku", "INVALID_SKU"), ("name", "REQUIRED"), ("listPrice", "INVALID_PRICE"),
        ("costPrice", "INVALID_PRICE"), ("taxRate", "INVALID_TAX_RATE")}
    assert all(e["message"] and e["message"] != e["code"] for e in result["errors"])
    unknown = _create(gql, {"sku": "OK-1", "name": "Fine", "listPrice": "1", "categoryId": "999999",
                            "supplierId": "999999"})
    assert {(e["field"], e["code"]) for e in unknown["errors"]} == {
        ("categoryId", "UNKNOWN_CATEGORY"), ("supplierId", "UNKNOWN_SUPPLIER")}
    assert _create(gql, {"sku": "OK-2", "name": "Floor", "listPrice": "10", "minPrice": "11"})["errors"] == [
        {"field": "minPrice", "code": "PRICE_FLOOR_ABOVE_LIST",
         "message": "The floor price cannot be above the list price"}]
    assert _count(gql) == before


def test_duplicate_sku_in_both_languages(gql):
    new_product(gql, sku="DUP-1")
    english = _create(gql, {"sku": "DUP-1", "name": "Again", "listPrice": "5"})["errors"]
    chinese = _create(gql, {"sku": " DUP-1 ", "name": "再来", "listPrice": "5"}, locale="zh-CN")["errors"]
    assert english == [{"field": "sku", "code": "DUPLICATE_SKU", "message": "SKU DUP-1 already exists"}]
    assert chinese == [{"field": "sku", "code": "DUPLICATE_SKU", "message": "SKU DUP-1 已存在"}]
    other = new_product(gql, sku="DUP-2")
    moved = gql.data(UPDATE, {"id": other["id"], "i": {"sku": "DUP-1"}}, as_user="director")["updateProduct"]
    assert moved["errors"][0]["code"] == "DUPLICATE_SKU" and moved["product"] is None


def test_update_changes_only_given_fields_and_can_clear(gql):
    root = gql.data(CATEGORY, {"name": "茶叶 Tea"}, as_user="director")["createCategory"]["category"]
    made = new_product(gql, minPrice="50.00", categoryId=root["id"])
    changed = gql.data(UPDATE, {"id": made["id"], "i": {"name": "新名字 New name", "minPrice": None}},
                       as_user="director")["updateProduct"]
    assert changed["errors"] == []
    product = changed["product"]
    assert (product["name"], product["minPrice"], product["listPrice"]) == ("新名字 New name", None, "100.00")
    assert product["category"] == {"id": root["id"]}, "omitted fields stay"
    blank = gql.data(UPDATE, {"id": made["id"], "i": {"name": " ", "listPrice": "-1"}}, as_user="director")
    assert {(e["field"], e["code"]) for e in blank["updateProduct"]["errors"]} == {("name", "REQUIRED"),
                                                                                 ("listPrice", "INVALID_PRICE")}
    missing = gql.data(UPDATE, {"id": "999999", "i": {"name": "x"}}, as_user="director")["updateProduct"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"


def test_deactivate_and_filter_by_active(gql):
    made = new_product(gql, sku="OLD-1")
    result = gql.data(DEACTIVATE, {"id": made["id"]}, as_user="director")["deactivateProduct"]
    assert result == {"product": {"id": made["id"], "active": False}, "errors": []}
    active = gql.data(PRODUCTS, {"f": {"active": True, "sku": "OLD-1"}}, as_user="rep")["products"]
    inactive = gql.data(PRODUCTS, {"f": {"active": False, "sku": "OLD-1"}}, as_user="rep")["products"]
    assert active["totalCount"] == 0 and inactive["totalCount"] == 1


def test_category_tree_and_filter_includes_subcategories(gql):
    root = gql.data(CATEGORY, {"name": "饮品 Drinks"}, as_user="director")["createCategory"]["category"]
    child = gql.data(CATEGORY, {"name": "茶 Tea", "parent": root["id"]}, as_user="director")["createCategory"]
    assert child["category"]["path"] == ["饮品 Drinks", "茶 Tea"]
    assert child["category"]["parent"] == {"name": "饮品 Drinks"}
    twin = gql.data(CATEGORY, {"name": "茶 Tea", "parent": root["id"]}, as_user="director")["createCategory"]
    assert twin["errors"][0]["code"] == "DUPLICATE" and twin["errors"][0]["field"] == "name"
    top_twin = gql.data(CATEGORY, {"name": "饮品 Drinks"}, as_user="director")["createCategory"]
    assert top_twin["errors"][0]["code"] == "DUPLICATE"
    orphan = gql.data(CATEGORY, {"name": "x", "parent": "999999"}, as_user="director")["createCategory"]
    assert orphan["errors"][0] == {"field": "parentId", "code": "UNKNOWN_CATEGORY", "message": "商品分类不存在"}

    in_child = new_product(gql, categoryId=child["category"]["id"])
    in_root = new_product(gql, categoryId=root["id"])
    new_product(gql)
    found = gql.data(PRODUCTS, {"f": {"categoryId": root["id"]}}, as_user="rep")["products"]
    assert {e["node"]["id"] for e in found["edges"]} == {in_child["id"], in_root["id"]}
    roots = gql.data("{ categories(rootsOnly: true) { edges { node { name } } } }", as_user="rep")["categories"]
    assert [e["node"]["name"] for e in roots["edges"]] == ["饮品 Drinks"]


def test_search_and_pagination(gql):
    for n in range(5):
        new_product(gql, sku=f"PAGE-{n}", name=f"分页商品 Paged {n}")
    first = gql.data(PRODUCTS, {"f": {"search": "paged"}, "n": 3}, as_user="rep")["products"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"] is True
    rest = gql.data(PRODUCTS, {"f": {"search": "PAGE-"}, "n": 3, "after": first["pageInfo"]["endCursor"]},
                    as_user="rep")["products"]
    names = [e["node"]["name"] for e in first["edges"] + rest["edges"]]
    assert names == [f"分页商品 Paged {n}" for n in range(5)]


@pytest.mark.parametrize("user,sees_cost", [("finance", True), ("director", True), ("admin", True),
                                            ("rep", False), ("manager", False), ("warehouse", False),
                                            ("marketing", False)])
def test_cost_price_only_for_finance_and_directors(gql, user, sees_cost):
    made = new_product(gql, listPrice="200.00", costPrice="130.00")
    body = gql.post(COST, {"id": made["id"]}, as_user=user)
    product = body["data"]["product"]
    assert (product["sku"], product["listPrice"]) == (made["sku"], "200.00"), "the rest of the product arrives"
    if sees_cost:
        assert not body.get("errors"), body
        assert (product["costPrice"], product["margin"], product["marginRate"]) == ("130.00", "70.00", "0.3500")
    else:
        assert (product["costPrice"], product["margin"], product["marginRate"]) == (None, None, None)
        denied = {e["extensions"]["field"] for e in body["errors"]}
        assert denied == {"Product.costPrice", "Product.margin", "Product.marginRate"}
        assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


def test_only_directors_manage_the_catalog(gql):
    for user in ("rep", "warehouse", "finance"):
        body = gql.post(CREATE_PRODUCT, {"i": {"sku": f"NO-{user}", "name": "x", "listPrice": "1"}}, as_user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and body["data"]["createProduct"] is None
    assert new_product(gql, as_user="admin")["id"]
