"""The embedded broker stays consistent when its worker stops with jobs it fetched but did not run."""

from starlette.testclient import TestClient

from tests.backend import BACKEND


def test_a_stopped_worker_does_not_leave_the_queue_unjoinable(database_url):
    if BACKEND != "embedded":
        return  # the Redis broker gives such messages back itself
    from app import create_app
    from workers.broker import broker
    from workers.events import sweep_outbox
    from workers.tasks import flag_overdue_tasks, send_task_reminders

    for _ in range(3):
        with TestClient(create_app()):
            for actor in (sweep_outbox, send_task_reminders, flag_overdue_tasks, send_task_reminders):
                actor.send()
    queue = broker.queues["default"]
    assert queue.unfinished_tasks == queue.qsize(), "every fetched message was finished or dropped"
    with TestClient(create_app()) as client:
        client.portal.call(client.app.state.worker.join)
    assert queue.unfinished_tasks == 0
