"""Draft structure, versions diff and grouping of similar opinions (pure)."""

from __future__ import annotations

import io

import docx
import pytest

from danchu.consultations import grouping, structure

TEXT = """QUY CHẾ
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ.
Điều 2. Đối tượng áp dụng
1. Cán bộ, công chức xã.
2. Nhân dân trên địa bàn xã.
a) hộ gia đình;
Chương II. CÔNG KHAI THÔNG TIN
Điều 3. Nội dung công khai
1. Kế hoạch.
"""


def test_parse_reads_chapters_articles_clauses() -> None:
    d = structure.parse(TEXT.splitlines())
    assert [(c.number, c.title) for c in d.chapters] == [
        ("I", "QUY ĐỊNH CHUNG"),
        ("II", "CÔNG KHAI THÔNG TIN"),
    ]
    a2 = d.articles()[1]
    assert (a2.label, a2.title) == ("Điều 2", "Đối tượng áp dụng")
    assert [c.number for c in a2.clauses] == ["1", "2"]
    assert a2.clauses[1].text.endswith("a) hộ gia đình;")
    assert d.preamble == "QUY CHẾ"


def test_parse_refuses_text_without_articles_or_with_repeated_numbers() -> None:
    with pytest.raises(structure.StructureError, match="Không tìm thấy điều"):
        structure.parse(["Chỉ có lời văn"])
    with pytest.raises(structure.StructureError, match="hai lần"):
        structure.parse(["Điều 1. A", "Điều 1. B"])


def test_diff_lists_changed_added_removed_articles() -> None:
    old = structure.parse(TEXT.splitlines())
    new_text = (
        TEXT.replace("1. Kế hoạch.", "1. Kế hoạch, ngân sách.").replace(
            "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc thực hiện dân chủ.\n", ""
        )
        + "Điều 4. Trách nhiệm\n1. UBND xã.\n"
    )
    changes = structure.diff(old, structure.parse(new_text.splitlines()))
    assert [(c.kind, c.article) for c in changes] == [
        ("changed", "Điều 3"),
        ("added", "Điều 4"),
        ("removed", "Điều 1"),
    ]
    assert "+ 1. Kế hoạch, ngân sách." in changes[0].lines


def test_docx_lines_reads_paragraphs() -> None:
    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    buf.seek(0)
    d = structure.parse(structure.docx_lines(buf))
    assert len(d.articles()) == 3


def test_grouping_puts_duplicates_and_similar_opinions_together_per_article() -> None:
    groups = grouping.group_opinions(
        [
            (1, "3", "Đề nghị bổ sung công khai ngân sách."),
            (2, "3", "đề nghị bổ sung CÔNG KHAI ngân sách"),
            (3, "3", "Đề nghị bổ sung công khai ngân sách xã"),
            (4, "3", "Thời gian niêm yết quá ngắn"),
            (5, "2", "Đề nghị bổ sung công khai ngân sách."),
        ]
    )
    assert [(g.key, g.members, g.duplicates) for g in groups] == [
        ("3", [1, 2, 3], 1),
        ("3", [4], 0),
        ("2", [5], 0),
    ]


def test_grouping_folds_tone_placement_styles() -> None:
    assert grouping.normalise("Hoà  thuỷ!") == grouping.normalise("hòa thủy")
