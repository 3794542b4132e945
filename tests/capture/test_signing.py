"""Signed and time-stamped WACZ: a real RFC 3161 authority on 127.0.0.1 (tests/tsa.py), the
case's own ECDSA key, `verify verify-wacz` on any package, and `verify audit` on the exports."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from verify.capture.signing import load_or_create_key

from ..tsa import Authority, AuthorityServer
from .conftest import article
from .test_import_export import _wacz_validate

CASE_TIME = dt.datetime(2024, 2, 2, 9, 0, 30, tzinfo=dt.UTC)  # the fixed clock's hour


@pytest.fixture
def authority(tmp_path):
    tsa = Authority(clock=lambda: CASE_TIME)
    server = AuthorityServer(tsa)
    yield tsa, server.url, tsa.root_pem(tmp_path / "tsa-root.pem")
    server.close()


@pytest.fixture
def exported(run, case_dir, site, authority, tmp_path):
    tsa, url, root = authority
    (case_dir / "verify.toml").write_text(
        f'allow_private = true\ntimestamp_url = "{url}"\ntimestamp_roots = "{root}"\n',
        encoding="utf-8",
    )
    run("source", "add", site.page("/a", article("Underlag", "Det första underlaget.")))
    assert run("archive").code == 0
    out = tmp_path / "case.wacz"
    result = run("export", "--wacz", str(out), "--json")
    assert result.code == 0, result.err
    return out, json.loads(result.out), tsa


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _rezip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 2, 2, 9, 0, 0)), data)


def test_export_is_signed_and_time_stamped_and_checks_clean(run, case_dir, exported):
    out, summary, tsa = exported
    digest = json.loads(_members(out)["datapackage-digest.json"])
    signed = digest["signedData"]
    assert set(signed) == {"hash", "created", "software", "version", "signature", "publicKey"}
    assert len(base64.b64decode(signed["signature"])) == 96  # P-384 r||s, as WebCrypto reads
    key = load_or_create_key(case_dir / "cache" / "keys" / "wacz-signing-key.pem")
    assert signed["publicKey"] == key.public_key_b64 and summary["signed_by"] == key.fingerprint
    stamp = digest["verify_timestamp"]
    assert stamp["statement"].splitlines()[1] == f"datapackage.json {signed['hash']}"
    assert stamp["statement"].splitlines()[3].startswith("verify-anchor: event ")
    assert summary["timestamp"]["gen_time"] == "2024-02-02T09:00:30Z"
    assert "Test Time Stamp Authority" in summary["timestamp"]["authority"]
    assert len(tsa.requests) == 1
    checked = run("verify-wacz", str(out), "--json")
    assert checked.code == 0, checked.out
    report = json.loads(checked.out)
    assert report["signature"] == "ok" and report["timestamp"] == "ok" and report["case_key"]
    text = run("verify-wacz", str(out)).out
    assert f"signed by {key.fingerprint}; time-stamped 2024-02-02T09:00:30Z" in text
    assert "The key is this case's." in text and "Check passed." in text
    audit = run("audit", "--json")
    assert audit.code == 0, audit.out
    [export] = json.loads(audit.out)["exports"]
    assert export["present"] and export["ok"] and export["timestamp"] == "ok"
    assert "unchanged; signed by" in run("audit").out
    against = json.loads(run("audit", "--against", str(out), "--json").out)["anchors"][0]
    assert against["ok"] and against["wacz"]["timestamp"] == "ok"
    validated = _wacz_validate(out)  # py-wacz accepts the signed package (created matches)
    assert validated.returncode == 0 and "Validation succeeded" in validated.stdout


def test_a_changed_byte_in_a_warc_fails_verify_wacz_and_audit(run, exported):
    out, _, _ = exported
    members = _members(out)
    name = next(n for n in members if n.startswith("archive/"))
    data = bytearray(members[name])
    data[len(data) // 2] ^= 0x01
    members[name] = bytes(data)
    _rezip(out, members)
    checked = run("verify-wacz", str(out))
    assert checked.code == 1 and "does not match its hash" in checked.out, checked.out
    audit = run("audit")
    assert audit.code == 1 and "has changed since it was exported" in audit.out, audit.out


def test_an_edited_package_with_a_new_digest_fails_signature_and_time_stamp(run, exported):
    out, _, _ = exported
    members = _members(out)
    package = json.loads(members["datapackage.json"])
    package["title"] = "Ett annat ärende"
    members["datapackage.json"] = json.dumps(package, indent=2).encode()
    digest = json.loads(members["datapackage-digest.json"])
    digest["hash"] = "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest()
    members["datapackage-digest.json"] = json.dumps(digest).encode()
    _rezip(out, members)
    report = json.loads(run("verify-wacz", str(out), "--json").out)
    assert report["package"] == "ok"  # the listed hashes and the digest agree...
    assert report["signature"] == "failed" and report["timestamp"] == "failed"  # ...but not these
    assert not report["ok"] and run("audit").code == 1


def test_a_package_re_signed_with_another_key_is_not_the_cases(run, exported, tmp_path):
    out, _, _ = exported
    members = _members(out)
    digest = json.loads(members["datapackage-digest.json"])
    other = load_or_create_key(tmp_path / "other.pem")
    digest["signedData"]["signature"] = other.sign(digest["hash"])
    digest["signedData"]["publicKey"] = other.public_key_b64
    members["datapackage-digest.json"] = json.dumps(digest).encode()
    _rezip(out, members)
    report = json.loads(run("verify-wacz", str(out), "--json").out)
    assert report["signature"] == "ok" and report["case_key"] is False  # valid, but not ours
    assert report["timestamp"] == "failed"  # the stamped statement names our signature
    assert "NOT this case's" in run("verify-wacz", str(out)).out
    assert run("audit").code == 1


def test_a_token_from_an_untrusted_authority_fails(run, exported):
    out, _, _ = exported
    members = _members(out)
    digest = json.loads(members["datapackage-digest.json"])
    forger = Authority(name="Forger", clock=lambda: CASE_TIME, embed_ca=True)
    from verify.capture.timestamp import query_for

    query = query_for(digest["verify_timestamp"]["statement"].encode())
    digest["verify_timestamp"]["token"] = base64.b64encode(forger.respond(query.der)).decode()
    members["datapackage-digest.json"] = json.dumps(digest).encode()
    _rezip(out, members)
    report = json.loads(run("verify-wacz", str(out), "--json").out)
    assert report["signature"] == "ok" and report["timestamp"] == "failed", report
    assert any("trusted time-stamp authority" in p for p in report["problems"]), report


def test_without_a_timestamp_url_the_export_is_signed_and_says_it_is_not_stamped(
    run, case_dir, site, tmp_path
):
    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    run("source", "add", site.page("/a", article("Underlag", "Text.")))
    assert run("archive").code == 0
    out = tmp_path / "case.wacz"
    result = run("export", "--wacz", str(out))
    assert result.code == 0 and "Not time-stamped: set timestamp_url" in result.out
    checked = run("verify-wacz", str(out))
    assert checked.code == 0 and "; not time-stamped." in checked.out, checked.out


def test_an_authority_that_does_not_answer_stops_the_export(run, case_dir, site, tmp_path):
    (case_dir / "verify.toml").write_text(
        'allow_private = true\nretries = 0\ntimestamp_url = "http://127.0.0.1:9/tsr"\n',
        encoding="utf-8",
    )
    run("source", "add", site.page("/a", article("Underlag", "Text.")))
    assert run("archive").code == 0
    out = tmp_path / "case.wacz"
    result = run("export", "--wacz", str(out))
    assert result.code == 5 and "time-stamp authority at http://127.0.0.1:9/tsr" in result.err
    assert not out.exists() and not list(tmp_path.glob("case.wacz*"))


def test_verify_wacz_reads_others_packages(run, tmp_path):
    from ..conftest import shared_path

    sample = shared_path("corpus", "warc", "pywb_sample_archive", "waczs", "valid_example_1.wacz")
    result = run("--case", str(tmp_path), "verify-wacz", str(sample))
    assert result.code == 0 and "not signed; not time-stamped." in result.out, result.out
