"""`verify export --wacz` and `verify import` (valid and broken files from ../shared)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from verify.capture.cdxj import surt_key

from ..conftest import shared_path
from .conftest import article

BIN = Path(sys.executable).parent


def _wacz_validate(path: Path) -> subprocess.CompletedProcess:
    tool = BIN / "wacz"
    if not tool.exists():
        pytest.skip("py-wacz is not installed")
    return subprocess.run(
        [str(tool), "validate", "-f", str(path)], capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_export_is_a_valid_wacz_with_claims(run, case_dir, site, tmp_path):
    one = site.page("/a", article("Första", "Det första underlaget."))
    two = site.redirect("/b", "/a2")
    site.page("/a2", article("Andra", "Det andra underlaget."))
    run("source", "add", one, "--claim", "40 procent", "--claim", "tre kommuner")
    run("source", "add", two)
    assert run("archive", "--allow-private").code == 0
    assert run("archive", "--allow-private", "S1").code == 0  # a revisit too
    out = tmp_path / "case.wacz"
    result = run("export", "--wacz", str(out))
    assert result.code == 0, result.err
    checked = _wacz_validate(out)
    assert checked.returncode == 0 and "Validation succeeded" in checked.stdout, checked.stdout
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        package = json.loads(zf.read("datapackage.json"))
        claims = [json.loads(x) for x in zf.read("claims/claims.jsonl").splitlines()]
        pages = [json.loads(x) for x in zf.read("pages/pages.jsonl").splitlines()]
        index = zf.read("indexes/index.cdx").decode().splitlines()
    assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
    assert {r["path"] for r in package["resources"]} == set(names) - {
        "datapackage.json", "datapackage-digest.json",
    }  # fmt: skip
    assert all(r["hash"].startswith("sha256:") for r in package["resources"])
    assert [c["claim"] for c in claims] == ["C1", "C2", None]
    assert claims[0]["snapshots"] == ["SN1", "SN3"]
    assert pages[0]["format"] == "json-pages-1.0" and len(pages) == 4
    assert [p["title"] for p in pages[1:]] == ["Första", "Andra", "Första"]
    assert "Det första underlaget." in pages[1]["text"]  # ReplayWeb.page's full-text search
    assert _local_extras(out) == _central_extras(out) == [0] * len(names)
    assert index == sorted(index) and any('"warc/revisit"' in x for x in index)


def _local_extras(path: Path) -> list[int]:
    """The extra-field length of each member's local header (where its data really starts)."""
    out = []
    with zipfile.ZipFile(path) as zf, path.open("rb") as raw:
        for info in zf.infolist():
            raw.seek(info.header_offset)
            head = raw.read(30)
            assert head[:4] == b"PK\x03\x04"
            out.append(int.from_bytes(head[28:30], "little"))
    return out


def _central_extras(path: Path) -> list[int]:
    """The extra-field length the central directory gives (what wabac.js computes from)."""
    with zipfile.ZipFile(path) as zf:
        return [len(info.extra) for info in zf.infolist()]


def test_surt_keys_are_what_pywb_looks_up():
    assert surt_key("https://www.Example.com/a/b?z=1&A=2") == "com,example)/a/b?a=2&z=1"
    assert surt_key("http://127.0.0.1:8765/aclu/") == "1,0,0,127:8765)/aclu"
    assert surt_key("http://www2.example.com/x/") == "com,example)/x"


VALID = [
    ("warcio_test_data", "example.warc.gz"),
    ("warcio_test_data", "example-wget-bad-target-uri.warc.gz"),
    ("pywb_sample_archive/warcs", "iana.warc.gz"),
    ("pywb_sample_archive/waczs", "valid_example_1.wacz"),
]

BROKEN = [
    ("warcio_test_data", "bad.arc", "record 1"),
    ("warcio_test_data", "example.arc.gz", "not WARC"),
    ("warcio_test_data", "example-bad-non-chunked.warc.gz", "record 2"),
    ("warcio_test_data", "example-digest.warc", "payload digest failed"),
    ("warcio_test_data", "example-trunc.warc", "record"),
    ("warcio_test_data", "example-wrong-chunks.warc.gz", "record"),
    ("warcio_test_data", "example-space-in-target-uri.warc.gz", "WARC-Target-URI"),
    ("pywb_sample_archive/warcs", "example-extra.warc", "payload digest failed"),
    ("pywb_sample_archive/warcs", "example.warc", "Content-Length"),
    ("warcio_test_data", "LICENSE.warcio-Apache-2.0.txt", "record"),
]


@pytest.mark.parametrize(("folder", "name"), VALID)
def test_import_valid_files(run, case_dir, tmp_path, folder, name):
    path = shared_path("corpus", "warc", *folder.split("/"), name)
    run("source", "add", "http://example.com/")
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    snap = json.loads(result.out)
    assert snap["origin"] == "imported" and snap["imported_from"] == name
    assert snap["captured_at"].endswith("Z") and snap["http_status"]
    assert run("snapshot", "show", "SN1").code == 0
    assert run("snapshot", "open", "SN1").code == 0
    audit = run("audit")
    assert audit.code == 0, audit.out
    out = tmp_path / "again.wacz"
    assert run("export", "--wacz", str(out)).code == 0
    assert _wacz_validate(out).returncode == 0


@pytest.mark.parametrize(("folder", "name", "named"), BROKEN)
def test_import_refuses_broken_files_naming_the_record(run, case_dir, folder, name, named):
    path = shared_path("corpus", "warc", *folder.split("/"), name)
    run("source", "add", "http://example.com/")
    result = run("import", str(path), "--source", "S1")
    assert result.code == 4, (result.out, result.err)
    assert name in result.err and named in result.err, result.err
    assert result.err.count("\n") == 1
    assert json.loads(run("snapshot", "list", "--json").out) == []
