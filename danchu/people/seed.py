"""The positions (chức danh) every installation starts with.

Loaded by the data migration ``0002_seed_positions`` and again (idempotently) by
``danchu units load`` and ``danchu demo``. Other apps refer to positions by these codes, e.g. the
surveys app reads :data:`SV1_POSITION_CODES`.
"""

from __future__ import annotations

from typing import Any

# (code, name, level, category). Levels: 1 province, 2 district, 3 commune, 4 village.
SV1_POSITIONS: list[tuple[str, str, int, str]] = [
    ("cs-quan-su", "Chỉ huy trưởng Ban Chỉ huy Quân sự", 3, "civil_servant"),
    ("cs-van-phong-thong-ke", "Văn phòng - Thống kê", 3, "civil_servant"),
    (
        "cs-dia-chinh",
        "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
        3,
        "civil_servant",
    ),
    ("cs-tai-chinh-ke-toan", "Tài chính - Kế toán", 3, "civil_servant"),
    ("cs-tu-phap-ho-tich", "Tư pháp - Hộ tịch", 3, "civil_servant"),
    ("cs-van-hoa-xa-hoi", "Văn hóa - Xã hội", 3, "civil_servant"),
]
SV1_POSITION_CODES: tuple[str, ...] = tuple(code for code, *_ in SV1_POSITIONS)
"""SV1: the six commune civil-servant positions surveyed (seed 000)."""

# SV3: the low-contact positions whose officials' share may be 50–60 ballots.
SV3_LOW_CONTACT_CODES: tuple[str, ...] = (
    "cs-quan-su",
    "cs-tai-chinh-ke-toan",
    "cs-van-phong-thong-ke",
    "cs-van-hoa-xa-hoi",
)

POSITIONS: list[tuple[str, str, int, str]] = [
    # Province
    ("bi-thu-tinh-uy", "Bí thư Tỉnh ủy", 1, "leader"),
    ("chu-tich-hdnd-tinh", "Chủ tịch Hội đồng nhân dân tỉnh", 1, "leader"),
    ("chu-tich-ubnd-tinh", "Chủ tịch Ủy ban nhân dân tỉnh", 1, "leader"),
    ("pho-chu-tich-ubnd-tinh", "Phó Chủ tịch Ủy ban nhân dân tỉnh", 1, "leader"),
    ("chu-tich-mttq-tinh", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 1, "leader"),
    ("giam-doc-so", "Giám đốc sở", 1, "leader"),
    ("pho-giam-doc-so", "Phó Giám đốc sở", 1, "leader"),
    ("truong-phong-so", "Trưởng phòng thuộc sở", 1, "leader"),
    ("chuyen-vien", "Chuyên viên", 1, "civil_servant"),
    # District (district-era map)
    ("chu-tich-hdnd-huyen", "Chủ tịch Hội đồng nhân dân huyện", 2, "leader"),
    ("chu-tich-ubnd-huyen", "Chủ tịch Ủy ban nhân dân huyện", 2, "leader"),
    ("pho-chu-tich-ubnd-huyen", "Phó Chủ tịch Ủy ban nhân dân huyện", 2, "leader"),
    ("truong-phong", "Trưởng phòng", 2, "leader"),
    ("pho-truong-phong", "Phó Trưởng phòng", 2, "leader"),
    # Commune
    ("bi-thu-dang-uy-xa", "Bí thư Đảng ủy xã", 3, "leader"),
    ("chu-tich-hdnd-xa", "Chủ tịch Hội đồng nhân dân xã", 3, "leader"),
    ("pho-chu-tich-hdnd-xa", "Phó Chủ tịch Hội đồng nhân dân xã", 3, "leader"),
    ("chu-tich-ubnd-xa", "Chủ tịch Ủy ban nhân dân xã", 3, "leader"),
    ("pho-chu-tich-ubnd-xa", "Phó Chủ tịch Ủy ban nhân dân xã", 3, "leader"),
    ("chu-tich-mttq-xa", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", 3, "leader"),
    ("chu-nhiem-ubkt-xa", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã", 3, "leader"),
    ("bi-thu-doan-tn-xa", "Bí thư Đoàn Thanh niên xã", 3, "leader"),
    ("chu-tich-cong-doan-xa", "Chủ tịch Công đoàn cơ sở xã", 3, "leader"),
    ("truong-phong-xa", "Trưởng phòng thuộc Ủy ban nhân dân xã", 3, "leader"),
    ("pho-truong-phong-xa", "Phó Trưởng phòng thuộc Ủy ban nhân dân xã", 3, "leader"),
    *SV1_POSITIONS,
    ("khong-chuyen-trach-xa", "Người hoạt động không chuyên trách cấp xã", 3, "part_time"),
    # Village
    ("truong-thon", "Trưởng thôn, Tổ trưởng tổ dân phố", 4, "part_time"),
    ("bi-thu-chi-bo-thon", "Bí thư Chi bộ thôn", 4, "part_time"),
]


def ensure_positions(position_model: Any = None) -> int:
    """Create the seed positions that are missing and refresh their names; return how many
    were created. ``position_model`` lets the data migration pass its historical model."""
    if position_model is None:
        from danchu.people.models import Position as position_model
    created = 0
    for code, name, level, category in POSITIONS:
        _obj, was_created = position_model.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "category": category}
        )
        created += int(was_created)
    return created
