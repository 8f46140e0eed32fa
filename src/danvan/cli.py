"""The ``danvan`` console script: Django's management commands under the project's name.

``danvan runserver``, ``danvan migrate``, ``danvan load_units``, ``danvan deadline …``,
``danvan worker`` and every other management command.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["danvan", *sys.argv[1:]])


if __name__ == "__main__":
    main()
