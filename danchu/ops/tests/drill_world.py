"""The small world the backup drill saves and brings back, built in a real installation (a
subprocess of ``danchu shell``, not the test database): the test map and actors, a survey round
whose commune committee decision is issued (served byte for byte by its view), a secret (MẬT)
document encrypted with ``documents.key``, an uploaded file, and the audit entries all of this
writes, with a signed anchor made on purpose.

``build()`` prints one JSON line the test reads: what to fetch and compare after the restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def build() -> None:
    # The world's dates are fixed (the suite's frozen day), whatever the machine's clock says.
    with time_machine.travel(AT, tick=True):
        result = _build()
    print("DRILL " + json.dumps(result))


def _build() -> dict[str, object]:
    from danchu.audit import anchoring
    from danchu.documents import issuing
    from danchu.documents.render import OfficialDocument, Paragraph, render_pdf
    from danchu.surveys import services
    from danchu.surveys.tests.helpers import commune, ensure_committee, make_round
    from danchu.testing import factories as f

    world = f.build_world()
    round_ = make_round(world)
    cs = commune(round_, world.commune_a)
    ensure_committee(cs, world.bob)
    committee = round_.committees.get(unit=world.commune_a)
    vice = f.UserFactory(username="phochutich")
    f.give_role(vice, "vice_chairman", world.commune_a)
    decision = services.issue_committee_decision(actor=vice, committee=committee)
    pdf = issuing.stored(decision, "pdf")

    def secret_render(issue: issuing.Issue) -> issuing.Rendered:
        doc = OfficialDocument(
            issuer="ỦY BAN NHÂN DÂN XÃ A",
            kind="BIÊN BẢN",
            summary="Kiểm phiếu (diễn tập sao lưu)",
            number=issue.number,
            place="Xã A",
            date=issue.on,
            body=(Paragraph("Nội dung mật."),),
        )
        return issuing.Rendered(files={"pdf": render_pdf(doc)}, figures={"drill": 1})

    secret = issuing.issue(
        kind="ops.drill",
        target=world.commune_a,
        title="Biên bản diễn tập",
        render=secret_render,
        agency=world.ubnd_a,
        symbol="BB",
        actor=world.bob,
        secret=True,
    )
    secret_pdf = issuing.stored(secret, "pdf")
    uploaded = default_storage.save("ops/drill/bien-ban-xac-nhan.txt", ContentFile(b"Xac nhan\n"))
    signed = anchoring.sign_anchor(purpose="diễn tập sao lưu")
    return {
        "decision": decision.pk,
        "decision_sha256": hashlib.sha256(pdf).hexdigest(),
        "decision_url": reverse(
            "surveys:committee_decision", args=[round_.pk, world.commune_a.pk, "pdf"]
        ),
        "viewer": vice.username,
        "secret": secret.pk,
        "secret_sha256": hashlib.sha256(secret_pdf).hexdigest(),
        "upload": uploaded,
        "anchor": signed.line,
    }


def fetch(url: str, username: str) -> None:
    """After the restore: the view serves the issued document; print its bytes' SHA-256."""
    from django.test import Client

    from danchu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    print("FETCH " + json.dumps({"status": response.status_code,
                                 "sha256": hashlib.sha256(body).hexdigest()}))  # fmt: skip
