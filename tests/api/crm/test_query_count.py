"""No N+1: a page of customers with their owners costs the same queries for 10 or 100 rows."""

from domain.demo import seed_demo
from tests.query_count import count_queries

QUERY = "query($n:Int!){ customers(first:$n) { edges { node { id name owner { username team { name } } } } } }"


def _count_queries(gql, size: int) -> int:
    gql.token("admin")
    queries, data = count_queries(lambda: gql.data(QUERY, {"n": size}, as_user="admin"))
    edges = data["customers"]["edges"]
    assert len(edges) == size
    assert all(edge["node"]["owner"]["username"] for edge in edges)
    return queries


def test_customer_list_query_count_is_constant(gql):
    async def more():
        await seed_demo(customers=100, orders=0)
    gql.run(more)
    assert _count_queries(gql, 10) == _count_queries(gql, 100)
    queries = _count_queries(gql, 100)
    assert 1 <= queries <= 4, queries
