"""Reading upload files: encodings, CSV dialects, XLSX cell types, broken input, limits."""

import codecs
from datetime import date, datetime

import pytest

from domain.crm.tabular import read_table
from domain.errors import DomainError
from tests.api.crm.files import csv_bytes, xlsx_bytes

HEADER = ["客户名称", "手机号"]
ROW = ["杭州云帆网络科技有限公司", "13912345678"]


def _read(content: bytes, name: str = "f.csv", max_rows: int = 1000, max_bytes: int = 10**6):
    return read_table(content=content, file_name=name, max_bytes=max_bytes, max_rows=max_rows, locale="en")


def _rows(table):
    return [(row.number, row.cells, row.problem.code if row.problem else None) for row in table.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_supported_encoding(encoding):
    table = _read(csv_bytes([HEADER, ROW], encoding))
    assert table.headers == HEADER
    assert _rows(table) == [(2, ROW, None)]


def test_tab_separated_text_and_blank_lines():
    content = "客户名称\t手机号\r\n\r\n甲公司\t13912345678\r\n".encode()
    assert _rows(_read(content, "f.txt")) == [(3, ["甲公司", "13912345678"], None)]


def test_a_file_mostly_in_one_encoding_keeps_its_good_lines():
    content = ("客户名称,手机号\n甲公司,1\n".encode("gbk") + "乙公司,2\n".encode("utf-8")
               + "丙公司,3\n丁公司,4\n".encode("gbk"))
    assert [code for *_, code in _rows(_read(content))] == [None, "INVALID_ENCODING", None, None]


def test_quoted_fields_may_span_lines():
    content = '客户名称,备注\n甲公司,"第一行\n第二行"\n乙公司,x\n'.encode()
    assert _rows(_read(content)) == [(2, ["甲公司", "第一行\n第二行"], None), (3, ["乙公司", "x"], None)]


def test_xlsx_cells_become_text():
    rows = [["名称", "电话", "生日", "金额", "空"], ["甲", 13912345678, date(1990, 5, 1), 12.5, None],
            ["乙", 13912345679.0, datetime(2020, 1, 2, 3, 4), 7, None], [None, None, None, None, None]]
    table = _read(xlsx_bytes(rows), "a.xlsx")
    assert table.headers == ["名称", "电话", "生日", "金额", "空"]
    assert [row.cells for row in table.rows] == [["甲", "13912345678", "1990-05-01", "12.5", None],
                                                 ["乙", "13912345679", "2020-01-02 03:04:00", "7", None]]


def test_xlsx_without_an_extension_is_recognised_by_its_content():
    assert _rows(_read(xlsx_bytes([HEADER, ROW]), "upload")) == [(2, ROW, None)]


@pytest.mark.parametrize("content,name,code", [
    (b"\x00\x01\x02binary", "f.csv", "UNREADABLE_FILE"),
    ("".join(chr(c) for c in range(1, 9)).encode() * 50, "f.csv", "UNREADABLE_FILE"),
    (bytes(range(1, 256)) * 20, "f.csv", "UNREADABLE_FILE"),
    (b"", "f.csv", "UNREADABLE_FILE"),
    (b"PK\x03\x04broken", "f.xlsx", "UNREADABLE_FILE"),
    (b"name\nA\n", "f.docx", "UNSUPPORTED_FILE"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "f.xls", "UNSUPPORTED_FILE"),
])
def test_unusable_files(content, name, code):
    with pytest.raises(DomainError) as caught:
        _read(content, name)
    assert (caught.value.code, caught.value.field) == (code, "file")


def test_limits_are_checked_before_anything_else():
    with pytest.raises(DomainError) as caught:
        _read(b"x" * 2000, max_bytes=1024)
    assert (caught.value.code, caught.value.params) == ("FILE_TOO_LARGE", {"limit": "1 KB"})
    rows = [HEADER] + [ROW] * 11
    for content, name in ((csv_bytes(rows), "f.csv"), (xlsx_bytes(rows), "f.xlsx")):
        with pytest.raises(DomainError) as caught:
            _read(content, name, max_rows=10)
        assert (caught.value.code, caught.value.params) == ("TOO_MANY_ROWS", {"limit": 10})
    assert len(_read(csv_bytes(rows[:11]), max_rows=10).rows) == 10


def test_utf16_without_bom_is_not_guessed():
    with pytest.raises(DomainError):
        _read("客户名称\n甲\n".encode("utf-16-le"))
    assert _rows(_read(codecs.BOM_UTF16_LE + "客户名称\n甲\n".encode("utf-16-le"))) == [(2, ["甲"], None)]
