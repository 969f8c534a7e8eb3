"""The staff opinions page of a consultation with many opinions (issue 16: < 1 s at 1,500
opinions, linear — the same number of queries at every size).

    .venv/bin/python bench/opinions_page.py [--size small|full] [--runs 3]

Builds a scratch SQLite database in a temporary folder (migrated from scratch), one commune
consultation open for opinions, then adds opinions the way citizens send them
(``submit_public_opinion``: each grouped with similar ones when it arrives, issue 16) — about a
third near-duplicates of a few common requests, the rest distinct — in steps (``small``: 150 and
600; ``full``: 150, 600 and 1,500). At each step it renders the opinions page as the commune's
officer (best of ``--runs``) and prints the time, the SQL queries, the mean time one opinion took
to arrive (grouping included), and the target. Nothing is compared on the page itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = {"small": (150, 600), "full": (150, 600, 1500)}
COMMON = [
    "Đề nghị bổ sung quy định công khai thu chi ngân sách xã hằng quý",
    "Thời gian niêm yết dự thảo quá ngắn, đề nghị kéo dài thêm",
    "Đề nghị ghi rõ trách nhiệm của trưởng thôn khi tổ chức hội nghị",
]
VOCABULARY = (
    "đề nghị bổ sung quy định rõ trách nhiệm công khai thu chi ngân sách thôn xã hội nghị "
    "cử tri trưởng thôn niêm yết dự thảo thời gian kéo dài mức đóng góp người dân giám sát "
    "ban thanh tra nhân dân hộ nghèo miễn giảm tổ chức lấy ý kiến"
)
WORDS = VOCABULARY.split()


def text(rng: random.Random, i: int) -> str:
    if i % 3 == 0:  # a near-duplicate of a common request
        base = rng.choice(COMMON)
        return base + ("." if rng.random() < 0.5 else f" {rng.choice(WORDS)}")
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + f" ({i})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="speed_opinions_")
    os.environ.update(
        DANCHU_VAR_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="danchu.settings",
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from danchu.consultations import services
    from danchu.consultations.models import Opinion
    from danchu.consultations.tests.conftest import build
    from danchu.core import clock
    from danchu.testing.factories import build_world

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - t0:.1f} s (SQLite, {tmp})")
    setup_test_environment()
    world = build_world()
    start = clock.today() - dt.timedelta(days=5)
    consultation = build(world, start)
    services.publish_consultation(actor=world.bob, consultation=consultation)
    articles = ["", "1", "2", "3"]
    client = Client()
    client.force_login(world.bob, backend="danchu.accounts.backends.UsernameOrEmailBackend")
    url = reverse("consultations:opinions", args=[consultation.pk])
    rng = random.Random(16)
    have = 0
    for size in SIZES[args.size]:
        t0 = time.perf_counter()
        for i in range(have, size):
            services.submit_public_opinion(
                consultation=consultation,
                text=text(rng, i),
                article_number=articles[i % len(articles)],
                today=clock.today(),
            )
        arrive = (time.perf_counter() - t0) / max(1, size - have)
        have = size
        client.get(url)  # warm up
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
        groups = Opinion.objects.filter(consultation=consultation, group_id=F("pk")).count()
        best = min(timings)
        print(
            f"{size:>5} opinions ({groups} groups): page best {best * 1000:.0f} ms of "
            f"{args.runs}, {len(queries)} SQL queries; one opinion arrives in "
            f"{arrive * 1000:.1f} ms (grouping included); target < 1 s: "
            f"{'OK' if best < 1 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
