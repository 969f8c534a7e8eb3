"""The ``danchu`` console script: the project's manage command.

``danchu migrate``, ``danchu runserver``, ``danchu demo``, ``danchu units load`` … all go
through Django's management machinery with the project's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "danchu"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
