from __future__ import annotations

import hashlib
import io
import os
import time

from verify.store import ObjectStore


def test_put_is_content_addressed_and_idempotent(tmp_path):
    objects = ObjectStore(tmp_path)
    objects.ensure()
    digest = objects.put_bytes(b"hello")
    assert digest == hashlib.sha256(b"hello").hexdigest()
    assert objects.path(digest) == tmp_path / "objects" / "sha256" / digest[:2] / digest[2:]
    assert objects.put_bytes(b"hello") == digest
    assert objects.put_stream(io.BytesIO(b"hello")) == (digest, 5)
    assert list(objects.iter_digests()) == [digest]
    assert list(objects.tmp.iterdir()) == []


def test_writing_stores_what_was_written_or_nothing(tmp_path):
    objects = ObjectStore(tmp_path)
    with objects.writing() as out:
        out.write(b"hel")
        out.write(b"lo")
    assert (out.sha256, out.size) == (hashlib.sha256(b"hello").hexdigest(), 5)
    assert objects.read_bytes(out.sha256) == b"hello"
    try:
        with objects.writing() as out:
            out.write(b"half a record")
            raise RuntimeError("crash")
    except RuntimeError:
        pass
    assert list(objects.iter_digests()) == [hashlib.sha256(b"hello").hexdigest()]
    assert list(objects.tmp.iterdir()) == []


def test_verify_reports_modified_and_missing(tmp_path):
    objects = ObjectStore(tmp_path)
    digest = objects.put_bytes(b"evidence")
    assert objects.verify(digest) == "ok"
    path = objects.path(digest)
    path.write_bytes(b"evidencf")
    assert objects.verify(digest) == "modified"
    path.unlink()
    assert objects.verify(digest) == "missing"


def test_orphan_temporary_files_are_removed(tmp_path):
    objects = ObjectStore(tmp_path)
    objects.ensure()
    old = objects.temp_path()
    old.write_bytes(b"half")
    past = time.time() - 7200
    os.utime(old, (past, past))
    fresh = objects.temp_path()
    fresh.write_bytes(b"in progress")
    assert objects.remove_orphans() == 1
    assert not old.exists() and fresh.exists()
