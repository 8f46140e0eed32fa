"""The Celery application.

Production uses Redis (or RabbitMQ) as broker; the embedded default uses Kombu's filesystem
transport under ``var/broker`` so the same tasks run with no extra server.  ``danvan worker``
starts a worker with the beat scheduler embedded.  Tests run tasks eagerly.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")

app = Celery("danvan", task_cls="danvan.core.tasks:DanvanTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
