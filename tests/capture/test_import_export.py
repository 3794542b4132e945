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


#: Every file in ../shared/corpus/warc and what `import` must do with it: the URL of the
#: source it is imported for (and the page expected), or the words of its refusal. A file
#: added to the corpus fails the completeness test until it is listed here.
P, W = "pywb_sample_archive/warcs/", "warcio_test_data/"
IMPORTS = {
    "pywb_sample_archive/waczs/valid_example_1.wacz": ("http://www.example.com/", 200),
    P + "dupes.warc.gz": ("http://example.com", 200),
    P + "example-url-agnostic-orig.warc.gz": ("http://example.iana.org/", 200),
    # a revisit only (of another file's capture): imported without the bytes
    P + "example-url-agnostic-revisit.warc.gz": ("http://example.com/", 200),
    P + "example-wget-1-14.warc.gz": ("http://example.com/", 200),
    P + "example-wpull.warc.gz": ("http://example.com/", 200),
    P + "example.arc": ("http://example.com/", 200),
    P + "example.arc.gz": ("http://example.com/", 200),
    P + "example.warc.gz": ("http://example.com?example=1", 200),
    P + "example2.warc.gz": ("http://example.com/", 200),
    P + "httpbin-resource.warc.gz": ("http://httpbin.org/anything/resource.json", None),
    P + "iana.warc.gz": ("http://www.iana.org/", 200),
    # a redirect (302 with no reason phrase) to a page the file does not hold: kept as it is
    P + "missing-status-text.warc": ("http://iana.org/bads", 302),
    P + "post-test.warc.gz": ("http://httpbin.org/post", 200),
    W + "example-iana.org-chunked.warc": ("http://www.iana.org/", 200),
    W + "example-resource.warc.gz": ("http://example.com/", None),
    W + "example-wget-bad-target-uri.warc.gz": ("http://example.com/", 200),
    W + "example.arc": ("http://example.com/", 200),
    W + "example.arc.gz": ("http://example.com/", 200),
    W + "example.warc": ("http://example.com/", 200),
    W + "example.warc.gz": ("http://example.com/", 200),
    W + "post-test.warc.gz": ("http://httpbin.org/post", 200),
}  # fmt: skip
_INDEX = "not a web archive: it lists where captures are"
REFUSED = {
    "SOURCE.txt": "a text file, not a web archive",
    "warc_inventory.json": "a JSON file, not a web archive",
    "pywb_sample_archive/LICENSE.pywb-GPL-3.0.txt": "a text file, not a web archive",
    W + "LICENSE.warcio-Apache-2.0.txt": "a text file, not a web archive",
    "pywb_sample_archive/cdx/example-extra.cdx": "a CDX index, " + _INDEX,
    "pywb_sample_archive/cdx/example.cdx": "a CDX index, " + _INDEX,
    "pywb_sample_archive/cdx/iana.cdx": "a CDX index, " + _INDEX,
    "pywb_sample_archive/cdxj/dupes.cdxj": "a CDXJ index, " + _INDEX,
    "pywb_sample_archive/cdxj/example.cdxj": "a CDXJ index, " + _INDEX,
    "pywb_sample_archive/cdxj/iana.cdxj": "a CDXJ index, " + _INDEX,
    "pywb_sample_archive/cdxj/post-test.cdxj": "a CDXJ index, " + _INDEX,
    "pywb_sample_archive/cdxj/url-agnost-example.cdxj": "a CDXJ index, " + _INDEX,
    P + "bad.arc": "record 1 (warcinfo, offset 0) declares an impossible length",
    W + "bad.arc": "record 1 (warcinfo, offset 0) declares an impossible length",
    P + "example-bad.warc.gz.bad": "record 2 (after record 1",
    W + "example-bad.warc.gz.bad": "record 2 (after record 1",
    W + "example-bad-non-chunked.warc.gz": "non-chunked gzip",
    P + "example-extra.warc": "payload digest failed",
    P + "example.warc": "Content-Length",
    W + "example-digest.warc": "payload digest failed",
    W + "example-trunc.warc": "block digest failed",
    W + "example-wrong-chunks.warc.gz": "the file is truncated",
    W + "example-space-in-target-uri.warc.gz": "WARC-Target-URI",
    W + "example-space-in-url.arc": "the file is truncated",
}  # fmt: skip


def test_every_corpus_file_is_listed():
    root = shared_path("corpus", "warc")
    found = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert found == set(IMPORTS) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_others_captures_import(run, case_dir, tmp_path, name):
    path = shared_path("corpus", "warc", *name.split("/"))
    url, status = IMPORTS[name]
    run("source", "add", url)
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    snap = json.loads(result.out)
    assert snap["origin"] == "imported" and snap["imported_from"] == path.name
    assert snap["captured_at"].endswith("Z") and snap["http_status"] == status
    missing = snap["import"]["payload_missing"]
    assert missing == name.endswith("url-agnostic-revisit.warc.gz")  # a lone revisit
    assert snap["payload_size"] > 0 or missing or status == 302, snap
    assert run("snapshot", "show", "SN1").code == 0
    assert run("snapshot", "open", "SN1").code == 0
    audit = run("audit")
    assert audit.code == 0, audit.out
    out = tmp_path / "again.wacz"
    assert run("export", "--wacz", str(out)).code == 0
    assert _wacz_validate(out).returncode == 0
    assert run("verify-wacz", str(out)).code == 0


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_importable_is_refused_with_a_name(run, case_dir, name):
    path = shared_path("corpus", "warc", *name.split("/"))
    run("source", "add", "http://example.com/")
    result = run("import", str(path), "--source", "S1")
    assert result.code == 4, (result.out, result.err)
    assert path.name in result.err and REFUSED[name] in result.err, result.err
    assert result.err.count("\n") == 1
    assert "a ARC record" not in result.err
    assert json.loads(run("snapshot", "list", "--json").out) == []
