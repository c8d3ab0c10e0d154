"""Search, filters, sorting and cursor pagination of customers."""

from datetime import datetime, timedelta, timezone

LIST = """query($f: CustomerFilterInput, $s: CustomerSort, $n: Int!, $a: String){
  customers(filter:$f, sort:$s, first:$n, after:$a){ totalCount
    edges { cursor node { id name code level city stage tags owner { username } } }
    pageInfo { hasNextPage endCursor } } }"""


def _page(gql, user="admin", **variables):
    variables.setdefault("n", 200)
    return gql.data(LIST, variables, as_user=user)["customers"]


def _nodes(page):
    return [e["node"] for e in page["edges"]]


def test_filters_narrow_the_list(gql):
    everything = _nodes(_page(gql))
    some = everything[0]
    for key, value, check in (
        ("levels", [some["level"]], lambda n: n["level"] == some["level"]),
        ("city", some["city"], lambda n: n["city"] == some["city"]),
        ("stages", [some["stage"]], lambda n: n["stage"] == some["stage"]),
    ):
        nodes = _nodes(_page(gql, f={key: value}))
        assert nodes and all(check(n) for n in nodes), key
        assert len(nodes) < len(everything) or all(check(n) for n in everything)


def test_tag_filter_needs_every_tag(gql):
    tagged = [n for n in _nodes(_page(gql)) if n["tags"]]
    tag = tagged[0]["tags"][0]
    nodes = _nodes(_page(gql, f={"tags": [tag]}))
    assert {n["id"] for n in nodes} == {n["id"] for n in tagged if tag in n["tags"]}
    assert _nodes(_page(gql, f={"tags": [tag, "没有这个标签 no such tag"]})) == []


def test_search_matches_name_code_and_contact(gql):
    node = _nodes(_page(gql))[3]
    assert node["id"] in {n["id"] for n in _nodes(_page(gql, f={"search": node["code"]}))}
    assert node["id"] in {n["id"] for n in _nodes(_page(gql, f={"search": node["name"][:4]}))}
    contacts = gql.data("query($id:ID!){ customer(id:$id){ contacts { name } } }", {"id": node["id"]},
                        as_user="admin")["customer"]["contacts"]
    found = _nodes(_page(gql, f={"search": contacts[0]["name"]}))
    assert node["id"] in {n["id"] for n in found}


def test_owner_and_last_interaction_filters(gql):
    rep = gql.data("{ me { id } }", as_user="rep")["me"]["id"]
    assert {n["owner"]["username"] for n in _nodes(_page(gql, f={"ownerId": rep}))} == {"rep"}
    future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    assert _nodes(_page(gql, f={"lastInteractionAfter": future})) == []


def test_sorted_pages_walk_the_whole_list_in_order(gql):
    seen, after = [], None
    while True:
        page = _page(gql, s={"field": "NAME", "descending": False}, n=7, a=after)
        seen += _nodes(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    keys = [(n["name"], int(n["id"])) for n in seen]
    assert len(keys) == page["totalCount"] == 30
    assert len(set(keys)) == 30, "no row twice"
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


def test_newest_first_by_default(gql):
    nodes = _nodes(_page(gql, n=5))
    assert [int(n["id"]) for n in nodes] == sorted((int(n["id"]) for n in nodes), reverse=True)


def test_tampered_cursor_is_refused(gql):
    body = gql.post(LIST, {"n": 5, "a": "eyJub3QiOiAiYSBjdXJzb3IifQ=="}, as_user="admin")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
