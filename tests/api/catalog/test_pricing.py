"""A customer's price: the level's price list entry (or list price) less the level discount; scope applies."""

from tests.api.catalog.steps import new_product

PRICE = """query($p: ID!, $c: ID!){ productPrice(productId:$p, customerId:$c){
  customerLevel listPrice unitPrice levelDiscount floor product { sku } } }"""
PRICE_LIST = """mutation($name: String!){ createPriceList(name:$name){ priceList { id name currency }
  errors { field code message } } }"""
ITEM = """mutation($l: ID!, $p: ID!, $price: Decimal!){ setPriceListItem(priceListId:$l, productId:$p, price:$price){
  item { price product { sku } } errors { field code message } } }"""
LEVEL = """mutation($level: String!, $rate: Decimal!, $l: ID){ setLevelDiscount(level:$level, discountRate:$rate,
  priceListId:$l){ levelDiscount { level discountRate priceList { name } } errors { field code message } } }"""


def _customer_of(gql, username: str, level: str) -> str:
    """A customer owned by ``username``, set to ``level``."""
    async def pick():
        from domain.crm.models import Customer
        from domain.identity.models import User
        owner = await User.get(username=username)
        customer = await Customer.filter(owner_id=owner.id).order_by("id").first()
        customer.level = level
        await customer.save(update_fields=["level"])
        return str(customer.id)
    return gql.run(pick)


def test_price_list_and_level_discount(gql):
    product = new_product(gql, listPrice="100.00", minPrice="70.00")
    other = new_product(gql, listPrice="50.00")
    wholesale = gql.data(PRICE_LIST, {"name": "批发价 Wholesale"}, as_user="director")["createPriceList"]
    assert wholesale["errors"] == [] and wholesale["priceList"]["currency"] == "CNY"
    list_id = wholesale["priceList"]["id"]
    item = gql.data(ITEM, {"l": list_id, "p": product["id"], "price": "90.00"}, as_user="director")["setPriceListItem"]
    assert item == {"item": {"price": "90.00", "product": {"sku": product["sku"]}}, "errors": []}
    again = gql.data(ITEM, {"l": list_id, "p": product["id"], "price": "88.00"}, as_user="director")
    assert again["setPriceListItem"]["item"]["price"] == "88.00", "setting again changes the price"
    level = gql.data(LEVEL, {"level": "A", "rate": "0.05", "l": list_id}, as_user="director")["setLevelDiscount"]
    assert level == {"levelDiscount": {"level": "A", "discountRate": "0.0500",
                                       "priceList": {"name": "批发价 Wholesale"}}, "errors": []}
    gql.data(LEVEL, {"level": "B", "rate": "0.1"}, as_user="director")

    a_customer = _customer_of(gql, "rep", "A")
    price = gql.data(PRICE, {"p": product["id"], "c": a_customer}, as_user="rep")["productPrice"]
    assert price == {"customerLevel": "A", "listPrice": "100.00", "unitPrice": "83.60", "levelDiscount": "0.0500",
                     "floor": "70.00", "product": {"sku": product["sku"]}}, "88.00 less 5 %"
    not_listed = gql.data(PRICE, {"p": other["id"], "c": a_customer}, as_user="rep")["productPrice"]
    assert not_listed["unitPrice"] == "47.50", "no entry on the price list: list price less 5 %"

    b_customer = _customer_of(gql, "rep2", "B")
    b_price = gql.data(PRICE, {"p": product["id"], "c": b_customer}, as_user="rep2")["productPrice"]
    assert b_price["unitPrice"] == "90.00", "level B: no price list, 10 % off the list price"
    c_customer = _customer_of(gql, "rep", "D")
    d_price = gql.data(PRICE, {"p": product["id"], "c": c_customer}, as_user="rep")["productPrice"]
    assert d_price["unitPrice"] == "100.00", "level D has no discount"


def test_customer_outside_the_viewers_scope_is_not_found(gql):
    product = new_product(gql)
    theirs = _customer_of(gql, "rep2", "A")
    body = gql.post(PRICE, {"p": product["id"], "c": theirs}, as_user="rep")
    assert body["data"]["productPrice"] is None
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    assert gql.data(PRICE, {"p": product["id"], "c": theirs}, as_user="manager")["productPrice"]["customerLevel"] == "A"


def test_inactive_product_has_no_price(gql):
    product = new_product(gql)
    gql.data("mutation($id:ID!){ deactivateProduct(id:$id){ errors { code } } }", {"id": product["id"]},
             as_user="director")
    body = gql.post(PRICE, {"p": product["id"], "c": _customer_of(gql, "rep", "C")}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "PRODUCT_INACTIVE"


def test_bad_pricing_input(gql):
    product = new_product(gql)
    wholesale = gql.data(PRICE_LIST, {"name": "VIP"}, as_user="director")["createPriceList"]["priceList"]
    twin = gql.data(PRICE_LIST, {"name": "VIP"}, as_user="director")["createPriceList"]
    assert twin["errors"][0]["code"] == "DUPLICATE"
    bad_price = gql.data(ITEM, {"l": wholesale["id"], "p": product["id"], "price": "-5"}, as_user="director")
    assert bad_price["setPriceListItem"]["errors"][0]["code"] == "INVALID_PRICE"
    no_list = gql.data(ITEM, {"l": "999999", "p": product["id"], "price": "5"}, as_user="director")
    assert no_list["setPriceListItem"]["errors"][0] == {"field": "priceListId", "code": "UNKNOWN_PRICE_LIST",
                                                        "message": "价目表不存在"}
    no_product = gql.data(ITEM, {"l": wholesale["id"], "p": "999999", "price": "5"}, as_user="director")
    assert no_product["setPriceListItem"]["errors"][0]["code"] == "UNKNOWN_PRODUCT"
    result = gql.data(LEVEL, {"level": "Z", "rate": "1.2"}, as_user="director")["setLevelDiscount"]
    assert {(e["field"], e["code"]) for e in result["errors"]} == {("level", "INVALID_CHOICE"),
                                                                   ("discountRate", "INVALID_DISCOUNT")}
    denied = gql.post(LEVEL, {"level": "A", "rate": "0.5"}, as_user="rep")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
