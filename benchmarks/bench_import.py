"""`verify import` on hostile files: time and peak memory against bomb size must stay flat.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_import.py              # 16, 64 and 256 MB bombs
    .venv/bin/python benchmarks/bench_import.py --sizes 16 64

Each bomb is generated in a temporary folder (small on disk where it compresses), imported by
`verify import` in a child process of its own, and the child's wall time, exit code and peak
RSS (ru_maxrss) are printed. The target (issue 11): every bomb rejected or bounded in at most
30 s at at most 500 MB RSS, and no growth with the bomb's size.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
URL = "https://cldd.se/undersokning"

CHILD = r"""
import resource, sys, time
from verify.cli import main
t0 = time.monotonic()
code = main(["import", sys.argv[1], "--source", "S1", "--case", sys.argv[2]])
took = time.monotonic() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT {code} {took:.2f} {peak:.0f}", file=sys.stderr)
"""


def _record(http: bytes, declared: int | None = None) -> bytes:
    head = [
        "WARC/1.1", "WARC-Type: response",
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>",
        "WARC-Date: 2024-02-02T09:00:00Z", f"WARC-Target-URI: {URL}",
        "Content-Type: application/http; msgtype=response",
        f"Content-Length: {declared if declared is not None else len(http)}",
    ]  # fmt: skip
    return ("\r\n".join(head) + "\r\n\r\n").encode() + http + b"\r\n\r\n"


def _zeros_gzip(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    block = b"\0" * (1 << 20)
    parts = [comp.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + comp.flush()


def chunked_gzip(folder: Path, mb: int) -> Path:
    body = _zeros_gzip(mb << 20)
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n"
        + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    )  # fmt: skip
    path = folder / f"chunked-gzip-{mb}.warc.gz"
    path.write_bytes(gzip.compress(_record(http)))
    return path


def warc_zeros(folder: Path, mb: int) -> Path:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    data = comp.compress(_record(b"HTTP/1.1 200 OK\r\n\r\n<html>hi</html>"))
    block = b"\0" * (1 << 20)
    data += b"".join(comp.compress(block) for _ in range(mb))
    path = folder / f"warc-zeros-{mb}.warc.gz"
    path.write_bytes(data + comp.flush())
    return path


def header_line(folder: Path, mb: int) -> Path:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    data = comp.compress(b"WARC/1.1\r\nWARC-Type: response\r\nX-Long: ")
    block = b"A" * (1 << 20)
    data += b"".join(comp.compress(block) for _ in range(mb))
    path = folder / f"header-line-{mb}.warc.gz"
    path.write_bytes(data + comp.flush())
    return path


def _wacz(path: Path, name: str, data_writer, listed: bool) -> Path:  # noqa: ANN001
    warc = _record(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>ok</html>")
    resources = [{"name": "data.warc", "path": "archive/data.warc",
                  "hash": "sha256:" + hashlib.sha256(warc).hexdigest()}]  # fmt: skip
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.warc", warc, compress_type=zipfile.ZIP_STORED)
        digest = data_writer(zf)
        if listed:
            resources.append({"name": name, "path": name, "hash": "sha256:" + digest})
        zf.writestr("datapackage.json", json.dumps({"profile": "data-package",
                    "wacz_version": "1.1.1", "resources": resources}))  # fmt: skip
    return path


def wacz_zero_member(folder: Path, mb: int) -> Path:
    def write(zf: zipfile.ZipFile) -> str:
        info = zipfile.ZipInfo("archive/zeros.warc")
        info.compress_type = zipfile.ZIP_DEFLATED
        digest = hashlib.sha256()
        with zf.open(info, "w", force_zip64=mb >= 2048) as out:
            block = b"\0" * (1 << 20)
            for _ in range(mb):
                out.write(block)
                digest.update(block)
        return digest.hexdigest()

    return _wacz(folder / f"wacz-zeros-{mb}.wacz", "archive/zeros.warc", write, False)


def pages_line(folder: Path, mb: int) -> Path:
    def write(zf: zipfile.ZipFile) -> str:
        info = zipfile.ZipInfo("pages/pages.jsonl")
        info.compress_type = zipfile.ZIP_STORED
        digest = hashlib.sha256()
        with zf.open(info, "w", force_zip64=mb >= 2048) as out:
            for piece in (b'{"format": "json-pages-1.0"}\n{"url": "',):
                out.write(piece)
                digest.update(piece)
            block = b"a" * (1 << 20)
            for _ in range(mb):
                out.write(block)
                digest.update(block)
            tail = f'"}}\n{{"url": "{URL}"}}\n'.encode()
            out.write(tail)
            digest.update(tail)
        return digest.hexdigest()

    return _wacz(folder / f"pages-line-{mb}.wacz", "pages/pages.jsonl", write, True)


BOMBS = {
    "WARC: chunked + gzip body": chunked_gzip,
    "WARC: gzip member of zeros": warc_zeros,
    "WARC: endless header line": header_line,
    "WACZ: unlisted member of zeros": wacz_zero_member,
    "WACZ: one pages.jsonl line": pages_line,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 64, 256], help="MB")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        case = folder / "case"
        subprocess.run([sys.executable, "-m", "verify", "init", str(case)], env=env, check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([sys.executable, "-m", "verify", "source", "add", URL, "--case",
                        str(case)], env=env, check=True, capture_output=True)  # fmt: skip
        print(f"{'bomb':34} {'MB':>5} {'file':>10} {'exit':>4} {'seconds':>8} {'peak RSS MB':>11}")
        worst_time = worst_rss = 0.0
        for label, make in BOMBS.items():
            for mb in args.sizes:
                path = make(folder, mb)
                t0 = time.monotonic()
                child = subprocess.run([sys.executable, "-c", CHILD, str(path), str(case)],
                                       env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
                wall = time.monotonic() - t0
                line = next((x for x in child.stderr.splitlines() if x.startswith("RESULT")), "")
                _, code, took, peak = line.split() if line else ("", "?", f"{wall:.2f}", "?")
                size = path.stat().st_size
                print(f"{label:34} {mb:>5} {size:>10} {code:>4} {float(took):>8.2f} {peak:>11}")
                worst_time = max(worst_time, float(took))
                worst_rss = max(worst_rss, float(peak) if peak != "?" else 0.0)
                path.unlink()
        print(f"worst: {worst_time:.2f} s, {worst_rss:.0f} MB (target: <= 30 s, <= 500 MB)")


if __name__ == "__main__":
    main()
