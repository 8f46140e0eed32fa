"""``danvan worker``: the Celery worker with the periodic scheduler (beat) embedded.

In production run one ``danvan worker`` with the scheduler and as many
``danvan worker --no-beat`` as the load needs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tác vụ nền (Celery worker) kèm bộ lập lịch định kỳ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="Không chạy bộ lập lịch (khi đã có một worker khác chạy).",
        )
        parser.add_argument("--concurrency", type=int, default=None)
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        from danvan.config.celery import app

        argv = ["worker", f"--loglevel={options['loglevel']}"]
        if not options["no_beat"]:
            argv += ["--beat", f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}"]
        if options["concurrency"]:
            argv.append(f"--concurrency={options['concurrency']}")
        elif settings.CELERY_BROKER_URL == "filesystem://":
            argv.append("--concurrency=1")
        app.worker_main(argv)
