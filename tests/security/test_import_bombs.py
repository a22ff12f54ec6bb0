"""Item 5 of issue 12: no upload can take a worker down, and every damaged file is the friendly 400.

Each hostile file is built here, in memory, from a good workbook; none is more than a few kilobytes
once compressed. Refusals that must come before openpyxl parses anything say so with
``openpyxl_never_opens``.
"""

import io
import zipfile

import pytest

from indicators.models import IndicatorValue
from reporting.spreadsheets import MAX_CELL_CHARS, MAX_COLUMNS, MAX_MEMBERS
from tests.security.conftest import rebuild, upload_file, workbook_bytes

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
NOT_XLSX = "This file is not a real .xlsx spreadsheet."
UNPACKS = "The spreadsheet unpacks to more than"
DTD = "The spreadsheet contains a document type definition"


@pytest.fixture
def good():
    return workbook_bytes([["taif", "satisfaction", "2018-Q2", 70, "fine"]])


def _spaces(total: int):
    """A member writer: an XML sheet padded with ``total`` bytes of whitespace, which deflate shrinks 1000-fold."""

    def write(stream):
        stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        chunk = b" " * (1024 * 1024)
        for _ in range(total // len(chunk)):
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")

    return write


def _refused(response, message: str) -> None:
    assert response.status_code == 400, response.status_code
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_deflate_bomb_in_the_sheet_is_refused_before_openpyxl(importer, good, openpyxl_never_opens, settings):
    # 41 MB of sheet past the default cap (20 × 2 MB), in about 40 KB of upload.
    bomb = rebuild(good, replace={SHEET: _spaces(41 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    _refused(importer("bomb.xlsx", bomb), UNPACKS)


def test_a_deflate_bomb_in_shared_strings_is_refused(importer, good, openpyxl_never_opens, settings):
    settings.IMPORT_MAX_BYTES = 256 * 1024  # the cap is 20× this: 5 MB unpacked
    bomb = rebuild(good, replace={STRINGS: _spaces(6 * 1024 * 1024)})
    assert len(bomb) < 20 * 1024
    _refused(importer("strings.xlsx", bomb), UNPACKS)


def test_the_cap_counts_all_members_together(importer, good, openpyxl_never_opens, settings):
    settings.IMPORT_MAX_BYTES = 256 * 1024  # 5 MB in all: each padded member alone is under it
    padded = {f"xl/media/pad{i}.xml": _spaces(2 * 1024 * 1024) for i in range(3)}
    _refused(importer("many.xlsx", rebuild(good, add=padded)), UNPACKS)


def test_a_member_that_lies_about_its_size_is_refused(importer, good, openpyxl_never_opens):
    data = rebuild(good, replace={SHEET: _spaces(1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = archive.getinfo(SHEET).file_size.to_bytes(4, "little")
    # Claim 100 bytes in both headers: zipfile inflates no more than that, and the checksum then fails.
    assert data.count(declared) == 2
    lied = data.replace(declared, (100).to_bytes(4, "little"))
    _refused(importer("lies.xlsx", lied), NOT_XLSX)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_unusual_compression_is_refused_unread(importer, good, openpyxl_never_opens, method):
    _refused(importer("odd.xlsx", rebuild(good, method=method)), NOT_XLSX)


def test_too_many_members_is_refused(importer, good, openpyxl_never_opens):
    extra = {f"xl/media/m{i}.bin": b"x" for i in range(MAX_MEMBERS)}
    _refused(importer("crowded.xlsx", rebuild(good, add=extra)), NOT_XLSX)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize("member", [STRINGS, SHEET, "[Content_Types].xml"])
def test_a_dtd_in_any_member_is_refused_before_openpyxl(importer, good, openpyxl_never_opens, body, member):
    _refused(importer("entities.xlsx", rebuild(good, replace={member: body})), DTD)


def test_a_dtd_hidden_in_utf16_is_refused(importer, good, openpyxl_never_opens):
    _refused(importer("wide.xlsx", rebuild(good, replace={STRINGS: EXTERNAL.decode().encode("utf-16")})), NOT_XLSX)


def test_a_dtd_split_across_read_chunks_is_still_seen(importer, good, openpyxl_never_opens):
    body = b"<" + b" " * (64 * 1024 - 4) + b"<!DOCTYPE x><x/>"
    _refused(importer("split.xlsx", rebuild(good, replace={STRINGS: body})), DTD)


@pytest.mark.parametrize(
    "sheet",
    [
        # Unclosed elements: openpyxl only finds out inside iter_rows (a ParseError, formerly a 500).
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">',
        b"not xml at all",
        # A character reference to a lone surrogate.
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&#xD800;</t></is></c></row></sheetData></worksheet>',
    ],
    ids=["unclosed", "not-xml", "surrogate"],
)
def test_a_damaged_sheet_is_the_friendly_400(importer, good, sheet):
    _refused(importer("damaged.xlsx", rebuild(good, replace={SHEET: sheet})), NOT_XLSX)


def _sheet(cells: str, dimension: str = "A1:E2") -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'
    ).encode()


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    '<row r="1">'
    + "".join(
        _text(f"{c}1", n) for c, n in zip("ABCDE", ["secretariat", "indicator", "period", "value", "note"], strict=True)
    )
    + "</row>"
)


def test_a_cell_past_the_column_cap_is_refused(importer, good):
    far = f'<row r="2">{_text("A2", "taif")}{_text("AE2", "x")}</row>'
    response = importer("wide.xlsx", rebuild(good, replace={SHEET: _sheet(HEADER_ROW + far)}))
    _refused(response, f"more than {MAX_COLUMNS} columns")


def test_a_sheet_claiming_every_column_and_row_is_answered_quickly(importer, good):
    # The dimension claims A1:XFD1048576: openpyxl would pad every row to 16384 cells if asked to.
    row = (
        '<row r="2">'
        + "".join(
            _text(f"{c}2", v) for c, v in zip("ABCDE", ["taif", "satisfaction", "2018-Q2", "70", "ok"], strict=True)
        )
        + "</row>"
    )
    sheet = _sheet(HEADER_ROW + row, dimension="A1:XFD1048576")
    response = importer("claims.xlsx", rebuild(good, replace={SHEET: sheet}))
    assert response.status_code == 200
    assert "confirm" in response.content.decode().lower()


def test_a_row_far_down_the_sheet_is_past_the_row_cap(importer, good):
    far = f'<row r="1048576">{_text("A1048576", "taif")}</row>'
    _refused(importer("deep.xlsx", rebuild(good, replace={SHEET: _sheet(HEADER_ROW + far)})), "more than 2000 rows")


def test_a_cell_past_the_length_cap_is_refused(importer):
    data = workbook_bytes([["taif", "satisfaction", "2018-Q2", 70, "n" * (MAX_CELL_CHARS + 1)]])
    _refused(importer("long.xlsx", data), f"Cell E2 has more than {MAX_CELL_CHARS} characters")


def test_csv_caps_columns_and_cell_length(importer):
    header = "secretariat,indicator,period,value,note\r\n"
    wide = header + "taif,satisfaction,2018-Q2,70,ok" + ",x" * MAX_COLUMNS + "\r\n"
    _refused(importer("wide.csv", wide.encode()), f"more than {MAX_COLUMNS} columns")
    long = header + "taif,satisfaction,2018-Q2,70," + "n" * (MAX_CELL_CHARS + 1) + "\r\n"
    _refused(importer("long.csv", long.encode()), f"Cell E2 has more than {MAX_CELL_CHARS} characters")
    huge = header + 'taif,satisfaction,2018-Q2,70,"' + "n" * 200_000 + '"\r\n'
    _refused(importer("huge.csv", huge.encode()), "")


def test_a_good_workbook_still_imports(importer, good):
    response = importer("figures.xlsx", good)
    assert response.status_code == 200
    assert 'name="payload"' in response.content.decode()


def test_an_upload_body_past_the_cap_is_refused_before_it_is_read(entry_programme, officer_client, settings):
    settings.IMPORT_MAX_BYTES = 1024
    big = "secretariat,indicator,period,value,note\r\n" + "taif,satisfaction,2018-Q2,70," + "n" * 100_000
    response = officer_client.post(
        "/entry/import/", {"file": upload_file("big.csv", big.encode()), "period": "2018-Q2"}
    )
    assert response.status_code == 413
    assert not IndicatorValue.objects.exists()
