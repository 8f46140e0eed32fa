"""danvan: the platform for công tác dân vận."""

from danvan.config.celery import app as celery_app

__all__ = ["celery_app"]
