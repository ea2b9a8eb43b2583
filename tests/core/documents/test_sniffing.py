"""The type of an upload comes from its bytes; anything but photos and PDFs is
refused, as are empty, oversized and damaged files."""

from __future__ import annotations

import pytest

from core.documents import sniffing
from core.documents.sniffing import (
    DamagedImage,
    EmptyFile,
    FileTooLarge,
    NotAPhoto,
    UnsupportedFile,
    check,
    clean_filename,
    download_name,
    sniff,
)
from tests.core.documents.conftest import PDF, image_bytes


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_real_images_are_recognised_and_accepted(fmt, content_type):
    data = image_bytes(fmt)
    assert sniff(data) == content_type
    assert check(data, "photo") == content_type
    assert check(data, "receipt") == content_type


def test_a_pdf_is_accepted_as_paper_but_not_as_a_photo():
    assert check(PDF, "receipt") == "application/pdf"
    assert check(PDF, "minutes") == "application/pdf"
    with pytest.raises(NotAPhoto):
        check(PDF, "photo")


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<html><body>hi</body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"#!/bin/sh\nrm -rf /\n",
        b"MZ\x90\x00\x03\x00\x00\x00",  # Windows executable
        b"\x7fELF\x02\x01\x01\x00",  # Linux executable
        b"PK\x03\x04\x14\x00\x00\x00",  # zip (and docx, xlsx)
        b"plain text that claims nothing",
        b"RIFF\x00\x00\x00\x00WAVEfmt ",  # RIFF, but not WebP
    ],
)
def test_anything_else_is_refused(data):
    assert sniff(data) is None
    with pytest.raises(UnsupportedFile) as info:
        check(data, "receipt")
    assert info.value.field == "file"


def test_html_behind_image_magic_does_not_pass_as_an_image():
    with pytest.raises(DamagedImage):
        check(b"\xff\xd8\xff<html><script>alert(1)</script></html>", "photo")
    with pytest.raises(DamagedImage):
        check(b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>", "receipt")


def test_a_truncated_image_is_refused():
    data = image_bytes("JPEG", size=(64, 64))
    with pytest.raises(DamagedImage):
        check(data[: len(data) // 2], "photo")


def test_empty_file_is_refused():
    with pytest.raises(EmptyFile):
        check(b"", "receipt")


def test_oversized_file_is_refused_with_the_limit():
    data = PDF + b"0" * 2048
    assert check(data, "receipt", max_bytes=len(data)) == "application/pdf"
    with pytest.raises(FileTooLarge) as info:
        check(data, "receipt", max_bytes=len(data) - 1)
    assert info.value.status == 413
    with pytest.raises(FileTooLarge) as info:
        check(b"\x00" * (10 * 1024 * 1024 + 1), "receipt")
    assert str(info.value) == "The file is too large: at most 10 MB."


def test_unknown_kind_accepts_nothing():
    with pytest.raises(UnsupportedFile):
        check(PDF, "banana")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("ใบเสร็จ ค่าปุ๋ย.jpg", "ใบเสร็จ ค่าปุ๋ย.jpg"),
        (".htaccess", "htaccess"),
        ("a\x00b\r\nc\u202e.jpg", "abc.jpg"),
        ('x<>:"|?*.pdf', "x.pdf"),
        ("", "document"),
        (None, "document"),
        ("../..", "document"),
    ],
)
def test_filenames_are_cleaned(raw, clean):
    assert clean_filename(raw) == clean


def test_long_filenames_keep_their_extension():
    name = clean_filename("ก" * 500 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")


def test_the_download_name_carries_the_real_type():
    assert download_name("scan.pdf", sniffing.PNG) == "scan.png"
    assert download_name("photo", sniffing.JPEG) == "photo.jpg"
    assert download_name("invoice.final.PDF", sniffing.PDF) == "invoice.final.pdf"
