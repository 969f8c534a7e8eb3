"""Seed the yearly swap table (TM4) with the swaps known for 2024–2026.

A frozen copy of ``danchu.legalcal.seed.KNOWN_SWAPS`` at the time of writing; afterwards the
administrator edits the table. Existing dates are left alone, so running it again changes nothing.
"""

import datetime as dt

from django.db import migrations

SWAPS = [
    ('2024-04-29', 'day_off', 'Công văn 2450/VPCP-KGVX năm 2024 của Văn phòng Chính phủ', 'Nghỉ 27/4–1/5/2024; làm bù thứ Bảy 04/5', True),
    ('2024-05-04', 'working_day', 'Công văn 2450/VPCP-KGVX năm 2024 của Văn phòng Chính phủ', 'Làm bù cho thứ Hai 29/4/2024', True),
    ('2025-01-27', 'day_off', 'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội', 'Nghỉ Tết 25/1–2/2/2025; làm bù thứ Bảy 08/02', True),
    ('2025-02-08', 'working_day', 'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội', 'Làm bù cho thứ Hai 27/01/2025', True),
    ('2025-05-02', 'day_off', 'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội', 'Nghỉ 30/4–4/5/2025; làm bù thứ Bảy 26/4', True),
    ('2025-04-26', 'working_day', 'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội', 'Làm bù cho thứ Sáu 02/5/2025', True),
    ('2025-09-01', 'day_off', 'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội', 'Quốc khánh: nghỉ thứ Hai 01/9 và thứ Ba 02/9', True),
    ('2026-02-16', 'day_off', 'Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)', False),
    ('2026-02-17', 'day_off', 'Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)', False),
    ('2026-02-18', 'day_off', 'Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)', False),
    ('2026-02-19', 'day_off', 'Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)', False),
    ('2026-02-20', 'day_off', 'Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)', False),
    ('2026-08-31', 'day_off', 'Phương án nghỉ lễ Quốc khánh năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Nghỉ 29/8–2/9/2026; làm bù thứ Bảy 22/8', False),
    ('2026-08-22', 'working_day', 'Phương án nghỉ lễ Quốc khánh năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý', 'Làm bù cho thứ Hai 31/8/2026', False),
]


def seed(apps, schema_editor):
    CalendarSwap = apps.get_model("legalcal", "CalendarSwap")
    for day, kind, basis, note, verified in SWAPS:
        CalendarSwap.objects.get_or_create(
            date=dt.date.fromisoformat(day),
            defaults={"kind": kind, "legal_basis": basis, "note": note, "verified": verified},
        )


def unseed(apps, schema_editor):
    CalendarSwap = apps.get_model("legalcal", "CalendarSwap")
    CalendarSwap.objects.filter(date__in=[dt.date.fromisoformat(row[0]) for row in SWAPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("legalcal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
