"""The yearly days off and working Saturdays known when this was written (TM4).

The ``holidays`` library gives the statutory holidays (Labor Code 2019, Art. 112) and their
compensatory days; it does not list the working Saturdays that each swap creates, and the
government announces the swaps year by year. These entries are what the data migration loads
into ``CalendarSwap``; afterwards the table in the admin is the source of truth. ``verified``
is False where the legal basis was not checked against the original text (see docs/calendar.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownSwap:
    day: dt.date
    kind: str  # "day_off" | "working_day"
    legal_basis: str
    note: str = ""
    verified: bool = True


_D = dt.date
_2024 = "Công văn 2450/VPCP-KGVX năm 2024 của Văn phòng Chính phủ"
_2025 = "Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội"
_TET_2026 = "Phương án nghỉ Tết Âm lịch năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý"
_SEP_2026 = "Phương án nghỉ lễ Quốc khánh năm 2026 của Bộ Nội vụ, được Thủ tướng Chính phủ đồng ý"

KNOWN_SWAPS: tuple[KnownSwap, ...] = (
    # 30/4–1/5/2024: off Monday 29/4, worked Saturday 4/5.
    KnownSwap(_D(2024, 4, 29), "day_off", _2024, "Nghỉ 27/4–1/5/2024; làm bù thứ Bảy 04/5"),
    KnownSwap(_D(2024, 5, 4), "working_day", _2024, "Làm bù cho thứ Hai 29/4/2024"),
    # Tết Ất Tỵ 2025: off Saturday 25/1 to Sunday 2/2; Monday 27/1 swapped with Saturday 8/2.
    KnownSwap(_D(2025, 1, 27), "day_off", _2025, "Nghỉ Tết 25/1–2/2/2025; làm bù thứ Bảy 08/02"),
    KnownSwap(_D(2025, 2, 8), "working_day", _2025, "Làm bù cho thứ Hai 27/01/2025"),
    # 30/4–1/5/2025: off 30/4 to 4/5; Friday 2/5 swapped with Saturday 26/4.
    KnownSwap(_D(2025, 5, 2), "day_off", _2025, "Nghỉ 30/4–4/5/2025; làm bù thứ Bảy 26/4"),
    KnownSwap(_D(2025, 4, 26), "working_day", _2025, "Làm bù cho thứ Sáu 02/5/2025"),
    # 2/9/2025: Monday 1/9 and Tuesday 2/9 (the adjacent day of Art. 112).
    KnownSwap(_D(2025, 9, 1), "day_off", _2025, "Quốc khánh: nghỉ thứ Hai 01/9 và thứ Ba 02/9"),
    # Tết Bính Ngọ 2026: Saturday 14/2 to Sunday 22/2 (nine days, no working Saturday).
    *(
        KnownSwap(
            _D(2026, 2, day),
            "day_off",
            _TET_2026,
            "Nghỉ Tết 14/2–22/2/2026 (27 tháng Chạp đến mùng 6 tháng Giêng)",
            verified=False,
        )
        for day in range(16, 21)
    ),
    # 2/9/2026: Saturday 29/8 to Wednesday 2/9; Monday 31/8 swapped with Saturday 22/8.
    KnownSwap(
        _D(2026, 8, 31),
        "day_off",
        _SEP_2026,
        "Nghỉ 29/8–2/9/2026; làm bù thứ Bảy 22/8",
        verified=False,
    ),
    KnownSwap(
        _D(2026, 8, 22), "working_day", _SEP_2026, "Làm bù cho thứ Hai 31/8/2026", verified=False
    ),
)
