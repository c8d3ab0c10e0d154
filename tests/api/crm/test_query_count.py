"""No N+1: a page of customers with their owners costs the same queries for 10 or 100 rows."""

import logging

from domain.demo import seed_demo

QUERY = "query($n:Int!){ customers(first:$n) { edges { node { id name owner { username team { name } } } } } }"


class QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _count_queries(gql, size: int) -> int:
    gql.token("admin")
    logger = logging.getLogger("tortoise.db_client")
    counter, level = QueryCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        edges = gql.data(QUERY, {"n": size}, as_user="admin")["customers"]["edges"]
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    assert len(edges) == size
    assert all(edge["node"]["owner"]["username"] for edge in edges)
    return counter.count


def test_customer_list_query_count_is_constant(gql):
    async def more():
        await seed_demo(customers=100, orders=0)
    gql.run(more)
    assert _count_queries(gql, 10) == _count_queries(gql, 100)
    queries = _count_queries(gql, 100)
    assert 1 <= queries <= 4, queries
