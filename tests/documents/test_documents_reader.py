"""read_document's checks: missing, folder, empty, too big, unknown formats; one-line errors."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

import verify.documents as documents
from verify.documents import MAX_TEXT_BYTES, read_document
from verify.errors import DocumentError, VerifyError


def _error(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert isinstance(caught.value, VerifyError)
    assert caught.value.path == path
    return message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "finns-inte.pdf"
    assert _error(path) == f"cannot read {path}: no such file"


def test_folder(tmp_path: Path) -> None:
    assert "it is a folder, not a file" in _error(tmp_path)


@pytest.mark.parametrize("name", ["tom.txt", "tom.pdf", "tom.docx", "tom"])
def test_empty_file_gives_an_empty_document_with_a_warning(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    document = read_document(path)
    assert document.text == ""
    assert document.warnings == ("the file is empty",)
    assert document.size == 0
    assert document.sha256 == hashlib.sha256(b"").hexdigest()
    assert document.position(0) == (1, 1)


def test_unknown_binary_format(tmp_path: Path) -> None:
    path = tmp_path / "bild.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    message = _error(path)
    assert "unsupported format ('.png' files that are not text)" in message
    assert "verify reads .txt, .md, .html, .pdf and .docx files" in message


def test_unknown_extension_with_text_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "anteckning.log"
    path.write_text("Återvandring\n", encoding="utf-8")
    document = read_document(path)
    assert document.media_type == "text/plain"
    assert document.text == "Återvandring\n"


def test_other_zip_without_docx_name(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "arkiv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "x")
    assert "the file is a zip file; verify reads" in _error(path)


def test_old_doc_file(tmp_path: Path) -> None:
    path = tmp_path / "motion.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "save it as .docx or PDF" in _error(path)


def test_50_mb_text_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    line = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.\n"
    block = (line * 1000).encode("utf-8")
    with path.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
    assert path.stat().st_size > MAX_TEXT_BYTES
    started = time.perf_counter()
    message = _error(path)
    assert time.perf_counter() - started < 1.0
    assert "text files over 20 MB are not read" in message
    assert "the file is 52.5 MB" in message


def test_text_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "lagom.md"
    path.write_bytes(b"a" * 1000 + b"\n")
    assert read_document(path).text == "a" * 1000 + "\n"


def test_public_api_is_complete() -> None:
    for name in documents.__all__:
        assert hasattr(documents, name), name
    public = {
        name
        for name in vars(documents)
        if not name.startswith("_") and callable(getattr(documents, name))
    }
    assert public <= set(documents.__all__) | {"annotations"}
