"""Background jobs of the petitions app: thin wrappers over ``petitions.notifications``.

- ``petitions.sweep_deadlines``: daily at 06:30 (local time), reminders, escalations and
  digests; nothing on rest days.
- ``petitions.dispatch_events``: every minute, the notifications the timeline calls for.

Both are idempotent (dedupe keys, claimed events), so a retry or a second worker is harmless.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.schedules import crontab

from danvan.core.tasks import periodic
from danvan.petitions import notifications


class DispatchError(RuntimeError):
    """Some events could not be dispatched; they stay unprocessed for the next run."""


@shared_task(name="petitions.sweep_deadlines")
def sweep_deadlines_task(today: str | None = None, force: bool = False) -> dict[str, Any]:
    """The daily deadline sweep (``today`` as YYYY-MM-DD, for a rerun of a given day)."""
    import datetime as dt

    day = dt.date.fromisoformat(today) if today else None
    result = notifications.sweep_deadlines(today=day, force=force)
    return {
        "ran": result.ran,
        "reminders": result.reminders,
        "escalations": result.escalations,
        "digests": result.digests,
        "created": result.created,
    }


@shared_task(name="petitions.dispatch_events")
def dispatch_events_task(limit: int = 500) -> dict[str, int]:
    """Dispatch unprocessed timeline events; fails (and is retried, then recorded) when one
    of them could not be dispatched, after dispatching the others."""
    result = notifications.dispatch_events(limit=limit)
    if result.failed:
        raise DispatchError(f"events not dispatched: {result.failed[:20]}")
    return {"quiet": result.quiet, "dispatched": result.dispatched}


periodic("petitions-sweep-deadlines", "petitions.sweep_deadlines", crontab(hour=6, minute=30))
periodic("petitions-dispatch-events", "petitions.dispatch_events", timedelta(minutes=1))


@shared_task(name="petitions.refresh_stats")
def refresh_stats_task() -> int:
    """Recount the statistics the overviews read (every ten minutes)."""
    from danvan.petitions.stats import petition_stats_refresh

    return petition_stats_refresh()


periodic("petitions-refresh-stats", "petitions.refresh_stats", crontab(minute="*/10"))


@shared_task(name="petitions.export_run")
def export_run_task(job_id: int) -> str:
    """Write a queued export's file (``exports.export_run``)."""
    from danvan.petitions.exports import export_run

    return str(export_run(job_id).status)


@shared_task(name="petitions.export_purge")
def export_purge_task() -> int:
    """Delete exports older than their keeping time (daily)."""
    from danvan.petitions.exports import export_purge

    return export_purge()


periodic("petitions-export-purge", "petitions.export_purge", crontab(hour=3, minute=10))


@shared_task(name="petitions.import_run")
def import_run_task(job_id: int) -> str:
    """Import a queued spreadsheet (``imports.import_run``)."""
    from danvan.petitions.imports import import_run

    return str(import_run(job_id).status)


@shared_task(name="petitions.import_purge")
def import_purge_task() -> int:
    """Delete uploaded spreadsheets and their reports after their keeping time (daily)."""
    from danvan.petitions.imports import import_purge

    return import_purge()


periodic("petitions-import-purge", "petitions.import_purge", crontab(hour=3, minute=20))
