"""Issue 11, the offline hall: an installation not configured as the offline hall laptop
refuses to produce MẬT minutes (Law 29/2018 Art. 5.5, CV10); the wheelhouse scripts exist and
CI runs them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danchu.votes import services
from danchu.votes.models import RoundStatus
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import D, VoteWorld, open_round

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples" / "votes"


@pytest.mark.django_db
def test_cv10_online_installation_refuses_secret_minutes(vw: VoteWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DANCHU_OFFLINE_HALL = False
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "2", "3"])
    with pytest.raises(VoteError, match="29/2018"):
        services.close_count(actor=vw.head, vote=vote, on=D, reason="Phiếu không in số.")
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTING  # nothing half-done
    settings.DANCHU_OFFLINE_HALL = True
    services.close_count(actor=vw.head, vote=vote, on=D, reason="Phiếu không in số.")
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTED and vote.minutes_number


def test_cv10_standalone_count_minutes_only_offline(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DANCHU_OFFLINE_HALL = False
    out = tmp_path / "bb.pdf"
    args = [
        "vote", "count", "--subjects", str(EXAMPLES / "subjects.csv"),
        "--ballots", str(EXAMPLES / "ballots.csv"), "--issued", "30",
        "--issued-serials", "1-30", "--minutes", str(out),
    ]  # fmt: skip
    with pytest.raises(CommandError, match="DANCHU_OFFLINE_HALL"):
        call_command(*args, stdout=StringIO())
    assert not out.exists()
    settings.DANCHU_OFFLINE_HALL = True
    call_command(*args, stdout=StringIO())
    assert out.read_bytes().startswith(b"%PDF")


def test_offline_hall_scripts_are_shipped_and_run_in_ci() -> None:
    for name in ("offline-wheelhouse.sh", "offline-install.sh", "offline-hall-check.sh"):
        script = ROOT / "scripts" / name
        assert script.exists() and script.stat().st_mode & 0o111, name
    install = (ROOT / "scripts" / "offline-install.sh").read_text()
    assert "--no-index" in install and "SHA256SUMS" in install
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/offline-hall-check.sh" in ci
    doc = (ROOT / "docs" / "offline-hall.md").read_text()
    assert "pip download -d wheels -e ." not in doc
    assert "DANCHU_OFFLINE_HALL" in doc and "offline-wheelhouse.sh" in doc
