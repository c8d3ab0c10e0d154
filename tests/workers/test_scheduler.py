"""Periodic jobs: due actors are sent at the right minute."""

from datetime import datetime, timezone

from workers import actors  # noqa: F401 - declares every periodic actor
from workers.scheduler import periodic_actors, send_due


def test_known_periodic_jobs_are_declared():
    names = {actor.actor_name for actor in periodic_actors()}
    assert {"sweep_outbox", "return_stale_customers_to_pool", "send_task_reminders", "flag_overdue_tasks",
            "fire_automation_schedules"} <= names


def test_only_due_jobs_are_sent(monkeypatch):
    sent = []
    for actor in periodic_actors():
        monkeypatch.setattr(actor, "send", lambda *a, _name=actor.actor_name, **k: sent.append(_name))
    every_minute = {"sweep_outbox", "send_task_reminders", "flag_overdue_tasks", "fire_automation_schedules"}
    assert set(send_due(datetime(2026, 11, 29, 10, 7, tzinfo=timezone.utc))) == every_minute
    sent.clear()
    due = send_due(datetime(2026, 11, 29, 19, 15, tzinfo=timezone.utc))
    assert "return_stale_customers_to_pool" in due and "sweep_outbox" in due
    assert sorted(sent) == sorted(due)
