"""``danvan start``: the embedded default in one command.

Migrates, loads the administrative units and the demo province, starts the task worker (with
its scheduler) in the background, and serves the app on the given address.  For development
and trial only; production runs each part on its own (see docs/deployment.md).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Cài đặt dữ liệu, chạy tác vụ nền và máy chủ web (chế độ nhúng, dùng thử)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        call_command("load_units")
        if not options["no_demo"]:
            call_command("load_demo")
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "danvan", "worker", "--loglevel=WARNING"],
                env=os.environ.copy(),
            )
            atexit.register(worker.terminate)
            self.stdout.write(f"Tác vụ nền đang chạy (pid {worker.pid}).")
        self.stdout.write("")
        self.stdout.write(f"danvan đang chạy tại http://{options['addrport']}/  (Ctrl+C để dừng)")
        self.stdout.write("")
        call_command("runserver", options["addrport"], use_reloader=False)
