"""Count the SQL queries one piece of test code causes, ignoring the app's background jobs."""

from __future__ import annotations

import logging
from contextvars import ContextVar

_counting: ContextVar[bool] = ContextVar("salesdesk_test_counting_queries", default=False)


class _QueryCounter(logging.Handler):
    """Counts query log lines emitted in contexts derived from the counting caller.

    The TestClient copies the calling thread's context into the request it runs, so queries of
    that request are counted, while periodic jobs and workers on the same loop are not.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if _counting.get():
            self.count += 1


def count_queries(run) -> tuple[int, object]:
    """Call ``run()`` and return (queries it caused, its result)."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _QueryCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    token = _counting.set(True)
    try:
        result = run()
    finally:
        _counting.reset(token)
        logger.removeHandler(counter)
        logger.setLevel(level)
    return counter.count, result
