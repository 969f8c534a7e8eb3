"""Issue 16, part 3: an e-ballot sent again after a dropped connection, with the same code and
the same marks, is told it was recorded; nothing linking a code to a ballot survives the close."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core import keys
from danchu.votes import services
from danchu.votes.models import BallotReceipt, ElectronicBallot, VotingCode
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import VoteWorld, open_round

pytestmark = pytest.mark.django_db


def _codes(vw: VoteWorld, n: int):  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    return vote, services.issue_codes(actor=vw.head, vote=vote, count=n, confirmed_by=vw.voters[1])


def test_issue16_cv5_same_code_same_ballot_is_recorded_once_and_said_so(vw) -> None:  # type: ignore[no-untyped-def]
    vote, codes = _codes(vw, 2)
    lines = ["1", "2", "3"]
    assert services.submit_electronic_ballot(vote=vote, code=codes[0], lines=lines) is False
    # typed again in lower case, with spaces: the same code, the same ballot
    again = services.submit_electronic_ballot(vote=vote, code=f" {codes[0].lower()} ", lines=lines)
    assert again is True
    assert ElectronicBallot.objects.filter(round=vote).count() == 1
    assert VotingCode.objects.filter(round=vote, used=True).count() == 1


def test_issue16_cv5_a_used_code_with_other_marks_or_signature_is_still_refused(vw) -> None:  # type: ignore[no-untyped-def]
    vote, codes = _codes(vw, 2)
    services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "2", "3"])
    with pytest.raises(VoteError, match="đã được dùng"):
        services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "2", "2"])
    with pytest.raises(VoteError, match="đã được dùng"):
        services.submit_electronic_ballot(
            vote=vote, code=codes[0], lines=["1", "2", "3"], signature="Nguyễn Văn An"
        )
    # the same marks with another voter's (unused) code is a new ballot, not a retry
    assert (
        services.submit_electronic_ballot(vote=vote, code=codes[1], lines=["1", "2", "3"]) is False
    )
    assert ElectronicBallot.objects.filter(round=vote).count() == 2


def test_issue16_cv5_receipt_holds_no_ballot_and_nothing_survives_the_close(  # type: ignore[no-untyped-def]
    vw, django_capture_on_commit_callbacks
) -> None:
    vote, codes = _codes(vw, 2)
    services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "2", "3"])
    services.submit_electronic_ballot(vote=vote, code=codes[1], lines=["3", "3", "1"])
    # while open: a random key and a digest, nothing that names a ballot, a time or an order
    assert {f.name for f in BallotReceipt._meta.get_fields()} == {"id", "round", "digest"}
    assert BallotReceipt.objects.filter(round=vote).count() == 2
    key_file = keys.key_path(f"vote-{vote.pk}.receipt")
    assert key_file.is_file()
    digests = set(BallotReceipt.objects.values_list("digest", flat=True))
    assert not any(codes[0].replace("-", "") in d for d in digests)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_voting(actor=vw.head, vote=vote)
    assert not BallotReceipt.objects.filter(round=vote).exists()
    assert not key_file.exists()  # the digests (and any copy of them) can no longer be tested
    with pytest.raises(VoteError, match="kết thúc"):
        services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "2", "3"])


def test_issue16_cv5_evote_page_says_the_ballot_was_recorded(vw) -> None:  # type: ignore[no-untyped-def]
    vote, codes = _codes(vw, 1)
    url = reverse("votes:evote", args=[vote.pk])
    body = {"code": codes[0], "s1": "1", "s2": "1", "s3": "2", "signature": ""}
    anon = Client()
    first = anon.post(url, body)
    assert first.status_code == 200 and 'id="recorded-before"' not in first.content.decode()
    again = Client().post(url, body)  # a new connection, the same ballot
    page = again.content.decode()
    assert again.status_code == 200
    assert "Phiếu của bạn đã được ghi nhận" in page and "đã được dùng" not in page
    other = Client().post(url, {**body, "s3": "3"})
    assert other.status_code == 400 and "đã được dùng" in other.content.decode()
