"""Fixtures for the hardening tests (issue 12): hostile files built in memory, a few kilobytes each."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = ["secretariat", "indicator", "period", "value", "note"]


def workbook_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rebuild(good: bytes, *, replace=None, add=None, method=zipfile.ZIP_DEFLATED) -> bytes:
    """``good`` with some members replaced (name → bytes, or a callable writing to a stream) or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", compression=method) as dst:
        for name in src.namelist():
            body = replace.get(name, src.read(name))
            _write(dst, name, body, method)
        # A member to replace that the workbook lacks (openpyxl writes no sharedStrings.xml) is added.
        missing = {name: body for name, body in replace.items() if name not in src.namelist()}
        for name, body in {**missing, **add}.items():
            _write(dst, name, body, method)
    return out.getvalue()


def _write(dst: zipfile.ZipFile, name: str, body, method) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = method
    if callable(body):
        # Streamed through the compressor: the bomb is never whole in memory, only its few kilobytes are.
        with dst.open(info, "w", force_zip64=True) as stream:
            body(stream)
    else:
        dst.writestr(info, body)


def upload_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def importer(entry_programme, officer_client, english):
    """Posts a file to /entry/import/ as Taif's officer, in English."""
    client = english(officer_client)

    def post(name: str, data: bytes):
        return client.post("/entry/import/", {"file": upload_file(name, data), "period": "2018-Q2"})

    return post


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    """Fails the test if the file reaches openpyxl: the refusal must come before any XML is parsed."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
