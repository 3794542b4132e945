"""WACZ packages: writing one for ReplayWeb.page and `wacz validate`, and reading one in.

We write the **WACZ 1.1.1** layout, because py-wacz 0.6.0 (``wacz validate``) accepts only
that (its frictionless check rejects the 1.2.0 ``"profile": "wacz"``); see docs/wacz.md::

    datapackage.json          "profile": "data-package", "wacz_version": "1.1.1", resources
    datapackage-digest.json   {"path": "datapackage.json", "hash": "sha256:...",
                               "signedData": {...}, "verify_timestamp": {...}}
    archive/<name>.warc.gz    the WARCs, stored (not deflated) so replay can seek into them
    indexes/index.cdx         CDXJ, sorted (SURT key as pywb makes it, timestamp, JSON)
    pages/pages.jsonl         one line per snapshot (url, ts, title, text, id, text digest)
    claims/claims.jsonl       verify's own: each source and claim and its snapshots

Every file is listed as a resource with its SHA-256 (hex, as py-wacz writes it) and size, and
sits in a folder (py-wacz rejects unlisted files and files at the zip's root).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..errors import ArchiveFormatError
from .warc import WarcScan, scan_warc

__all__ = [
    "WACZ_VERSION",
    "WaczContents",
    "WaczWarc",
    "read_wacz",
    "write_wacz",
]

WACZ_VERSION = "1.1.1"
_CHUNK = 1024 * 1024
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


@dataclass(frozen=True)
class WaczWarc:
    """A WARC to put in a package: its name in ``archive/``, its size and how to open it."""

    name: str
    open: Callable[[], IO[bytes]]
    size: int


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    m = max(moment, datetime(1980, 1, 1, tzinfo=moment.tzinfo))
    return (m.year, m.month, m.day, m.hour, m.minute, m.second)


def _jsonl(lines: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(x, ensure_ascii=False, sort_keys=False) + "\n" for x in lines).encode(
        "utf-8"
    )


def write_wacz(
    path: Path,
    *,
    warcs: list[WaczWarc],
    index_lines: list[str],
    pages: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    title: str,
    created: datetime,
    created_text: str,
    software: str,
    main_page_url: str | None = None,
    anchor: str | None = None,
    sign: Callable[[str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Write the package at ``path`` (replacing it); return the datapackage descriptor.

    ``anchor`` (the case's chain anchor line) is kept in datapackage.json as
    ``verify_anchor``, covered by datapackage-digest.json. ``sign``, given the digest of
    datapackage.json (``sha256:<hex>``), returns the fields to add to datapackage-digest.json
    (``signedData``, the time stamp); it runs before the last member is written, so a failure
    there leaves no package behind."""
    stamp = _zip_time(created)
    resources: list[dict[str, Any]] = []

    def add(zf: zipfile.ZipFile, name: str, chunks: Iterable[bytes], expected: int) -> None:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_STORED
        # The size up front, so zipfile writes a ZIP64 extra only for a member that needs
        # one. force_zip64 puts it in the local header alone, and wabac.js (ReplayWeb.page)
        # finds a member's data from the central directory, which then has none.
        info.file_size = expected
        digest = hashlib.sha256()
        size = 0
        with zf.open(info, "w") as member:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        resources.append(
            {
                "name": name.rsplit("/", 1)[-1].lower(),
                "path": name,
                "hash": "sha256:" + digest.hexdigest(),
                "bytes": size,
            }
        )

    def read_all(opener: Callable[[], IO[bytes]]) -> Iterable[bytes]:
        with opener() as handle:
            while piece := handle.read(_CHUNK):
                yield piece

    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
            for warc in warcs:
                add(zf, f"archive/{warc.name}", read_all(warc.open), warc.size)
            index = "".join(line + "\n" for line in sorted(index_lines)).encode("utf-8")
            add(zf, "indexes/index.cdx", [index], len(index))
            page_lines = _jsonl([PAGES_HEADER, *pages])
            add(zf, "pages/pages.jsonl", [page_lines], len(page_lines))
            claim_lines = _jsonl(claims)
            add(zf, "claims/claims.jsonl", [claim_lines], len(claim_lines))
            package: dict[str, Any] = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "title": title,
                "created": created_text,
                "software": software,
                "resources": resources,
            }
            if main_page_url:
                package["mainPageURL"] = main_page_url
            if anchor:
                package["verify_anchor"] = anchor
            package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
            info = zipfile.ZipInfo("datapackage.json", stamp)
            zf.writestr(info, package_bytes, compress_type=zipfile.ZIP_STORED)
            digest: dict[str, Any] = {
                "path": "datapackage.json",
                "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
            }
            if sign is not None:
                digest.update(sign(digest["hash"]))
            info = zipfile.ZipInfo("datapackage-digest.json", stamp)
            zf.writestr(
                info,
                json.dumps(digest, indent=2).encode("utf-8"),
                compress_type=zipfile.ZIP_STORED,
            )
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return package


# -- reading ----------------------------------------------------------------------------------


@dataclass
class WaczContents:
    """A package read and checked: its WARC members with their scans, and its pages."""

    path: Path
    package: dict[str, Any]
    warcs: dict[str, WarcScan] = field(default_factory=dict)  # member name -> scan
    pages: list[dict[str, Any]] = field(default_factory=list)
    #: datapackage-digest.json as read (its hash was checked), {} when there is none.
    digest: dict[str, Any] = field(default_factory=dict)
    #: ``sha256:<hex>`` of datapackage.json as it is in the zip.
    package_hash: str = ""

    @property
    def main_page_url(self) -> str | None:
        return self.package.get("mainPageURL") or self.package.get("mainPageUrl")


#: A zip member that decompresses to more than this many times its stored size (and more than
#: :data:`BOMB_FLOOR` bytes) is a bomb; a member may hold at most :data:`MAX_MEMBER` bytes.
BOMB_RATIO = 200
BOMB_FLOOR = 32 * 1024 * 1024
MAX_MEMBER = 8 * 1024 * 1024 * 1024
#: datapackage.json, its digest and each pages.jsonl line are read at most this far.
MAX_JSON = 16 * 1024 * 1024
MAX_PAGE_LINE = 1024 * 1024


class _Hashing(io.RawIOBase):
    """A forward-only reader over a zip member that hashes what passes (read once)."""

    def __init__(self, handle: IO[bytes], algorithm: str) -> None:
        super().__init__()
        self._handle = handle
        self.digest = hashlib.new(algorithm)
        self.size = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False  # no rewinding a compressed member: that is what made reads quadratic

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        self.digest.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)

    def drain(self) -> None:
        while piece := self._handle.read(_CHUNK):
            self.digest.update(piece)
            self.size += len(piece)


def _check_member(path: Path, info: zipfile.ZipInfo) -> None:
    stored = max(info.compress_size, 1)
    if info.file_size > MAX_MEMBER:
        raise ArchiveFormatError(
            path, f"{info.filename} declares {info.file_size} bytes, more than {MAX_MEMBER}"
        )
    if info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * stored:
        raise ArchiveFormatError(
            path,
            f"{info.filename} expands {info.file_size // stored} times "
            f"({info.compress_size} to {info.file_size} bytes): a decompression bomb",
        )


def _read_small(zf: zipfile.ZipFile, path: Path, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_JSON:
        raise ArchiveFormatError(path, f"{name} is larger than {MAX_JSON} bytes")
    with zf.open(info) as handle:
        return handle.read(MAX_JSON + 1)[:MAX_JSON]


def _lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of a stream, each at most ``limit`` bytes; a longer one gives None (and is
    skipped without being held in memory)."""
    buffer = b""
    skipping = False
    while True:
        piece = handle.read(_CHUNK)
        if not piece:
            if buffer and not skipping:
                yield buffer
            return
        buffer += piece
        while True:
            cut = buffer.find(b"\n")
            if cut < 0:
                if len(buffer) > limit:
                    if not skipping:
                        yield None
                    skipping, buffer = True, b""
                break
            line, buffer = buffer[:cut], buffer[cut + 1 :]
            if skipping:
                skipping = False
                continue
            yield line if len(line) <= limit else None


def read_wacz(path: Path, *, max_record: int | None = None) -> WaczContents:
    """Open and check a WACZ: listed hashes, the package digest, every WARC record.

    Every member is read once, streaming (a WARC is hashed while it is scanned), with bounds:
    declared sizes and expansion ratios are checked before reading, JSON files and page lines
    are read up to a limit. Raises :class:`~verify.errors.ArchiveFormatError` naming the file,
    member or record at fault.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveFormatError(path, f"not a readable WACZ (zip) file: {exc}") from exc
    with zf:
        names = set(zf.namelist())
        if "datapackage.json" not in names:
            raise ArchiveFormatError(path, "no datapackage.json: not a WACZ package")
        for info in zf.infolist():
            _check_member(path, info)
        try:
            raw = _read_small(zf, path, "datapackage.json")
            package = json.loads(raw)
        except (ValueError, zipfile.BadZipFile) as exc:
            raise ArchiveFormatError(path, f"datapackage.json is not valid JSON: {exc}") from exc
        if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
            raise ArchiveFormatError(path, "datapackage.json lists no resources")
        digest_file: dict[str, Any] = {}
        if "datapackage-digest.json" in names:
            try:
                digest_file = json.loads(_read_small(zf, path, "datapackage-digest.json"))
                stated = digest_file.get("hash", "")
            except (ValueError, AttributeError) as exc:
                raise ArchiveFormatError(path, "datapackage-digest.json is not valid") from exc
            algo, _, value = str(stated).partition(":")
            if algo and value and hashlib.new(algo, raw).hexdigest() != value:
                raise ArchiveFormatError(
                    path, "datapackage.json does not match datapackage-digest.json"
                )
        wanted: dict[str, tuple[str, str]] = {}
        for resource in package["resources"]:
            member = resource.get("path") if isinstance(resource, dict) else None
            if not member or member not in names:
                raise ArchiveFormatError(path, f"resource {member!r} is listed but not in the zip")
            stated = str(resource.get("hash") or resource.get("stats", {}).get("hash", ""))
            algo, _, value = stated.partition(":")
            if not value:  # the 1.0 layout: {"stats": {"hash": hex}, "hashing": "sha256"}
                algo, value = str(resource.get("hashing") or "sha256"), stated
            if value:
                try:
                    hashlib.new(algo)
                except ValueError:
                    raise ArchiveFormatError(
                        path, f"{member}: unknown hash algorithm {algo!r}"
                    ) from None
                wanted[member] = (algo, value.lower())
        package_hash = "sha256:" + hashlib.sha256(raw).hexdigest()
        contents = WaczContents(path, package, digest=digest_file, package_hash=package_hash)
        for name in sorted(names):
            is_warc = name.startswith("archive/") and ".warc" in name
            if not is_warc and name not in wanted:
                continue  # an unlisted member that is no WARC is not read at all
            algo = wanted.get(name, ("sha256", ""))[0]
            try:
                with zf.open(name) as member:
                    reader = _Hashing(member, algo)
                    if is_warc:
                        scan = scan_warc(
                            io.BufferedReader(reader, _CHUNK), name, max_record=max_record
                        )
                    reader.drain()
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ArchiveFormatError(path, f"{name} cannot be read: {exc}") from exc
            if name in wanted and reader.digest.hexdigest() != wanted[name][1]:
                raise ArchiveFormatError(
                    path, f"{name} does not match its hash in datapackage.json"
                )
            if is_warc:
                if not scan.ok:
                    raise ArchiveFormatError(f"{path}!{name}", scan.problems[0])
                contents.warcs[name] = scan
        if not contents.warcs:
            raise ArchiveFormatError(path, "the package holds no WARC under archive/")
        for name in ("pages/pages.jsonl", "pages/extraPages.jsonl"):
            if name in names:
                with zf.open(name) as handle:
                    for line in _lines(handle, MAX_PAGE_LINE):
                        if line is None:
                            continue  # a line too long to be a page entry
                        try:
                            item = json.loads(line)
                        except ValueError:
                            continue
                        if isinstance(item, dict) and item.get("url"):
                            contents.pages.append(item)
    return contents


def member_size(path: Path, member: str) -> int:
    """The uncompressed size of a zip member."""
    with zipfile.ZipFile(path) as zf:
        return zf.getinfo(member).file_size


def open_member(path: Path, member: str) -> IO[bytes]:
    """A member of a zip, opened for reading (close it when done)."""
    zf = zipfile.ZipFile(path)
    try:
        handle = zf.open(member)
    except BaseException:
        zf.close()
        raise
    return _MemberHandle(zf, handle)


class _MemberHandle(io.RawIOBase):
    def __init__(self, zf: zipfile.ZipFile, handle: IO[bytes]) -> None:
        super().__init__()
        self._zf = zf
        self._handle = handle

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        return self._handle.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
            self._zf.close()
        super().close()
