"""The ``danchu`` console script: the project's manage command.

``danchu migrate``, ``danchu runserver``, ``danchu demo``, ``danchu units load`` … all go
through Django's management machinery with the project's settings.

Issue 16: ``danchu vote count`` and ``danchu survey count`` read files and print a count; they
need no database, model or app. They run without loading the project (``django.setup()`` loads
every app's models, most of their time on 60,000 ballots) — the same command class, so the
same options, output and exit codes. ``vote count --minutes`` (the offline hall's minutes, which
need the project's settings) still goes the long way.
"""

from __future__ import annotations

import os
import sys

STANDALONE = {
    ("vote", "count"): "danchu.votes.management.commands.vote",
    ("survey", "count"): "danchu.surveys.management.commands.survey",
}
"""Commands that run on their own, without the project's apps (their module's ``Command``)."""


def _line(text: str) -> None:
    """As Django's command output writes: one line, its newline added if missing."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _vote_count(args: list[str]) -> None:
    """``danchu vote count`` without importing Django at all (its import was half the time)."""
    import argparse

    from danchu.votes import count_cli

    parser = argparse.ArgumentParser(prog=count_cli.PROG, description=None)
    count_cli.add_count_arguments(parser)
    opts = vars(parser.parse_args(args[3:]))
    try:
        count_cli.run_count(opts, _line)
    except count_cli.CountFailed as exc:
        sys.stdout.flush()
        sys.stderr.write(f"CommandError: {exc}\n")  # as Django's run_from_argv writes it
        sys.exit(exc.returncode)


def _standalone(args: list[str]) -> bool:
    module = STANDALONE.get((args[1], args[2])) if len(args) > 2 else None
    if module is None or any(a == "--minutes" or a.startswith("--minutes=") for a in args):
        return False
    if os.environ.get("DANCHU_COUNT_WITH_PROJECT"):  # to compare with the long way
        return False
    if (args[1], args[2]) == ("vote", "count"):
        _vote_count(args)
        return True
    import importlib

    from django.conf import settings

    settings.configure(USE_I18N=False)
    importlib.import_module(module).Command().run_from_argv(args)
    return True


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "danchu"
    if _standalone(args):
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
