"""`export --wacz` and `verify-wacz`: the case's snapshots in one signed, time-stamped WACZ.

Export writes every snapshot into a WACZ 1.1.1 package, signs the digest of its
``datapackage.json`` with the case's key (WACZ Signing and Verification, anonymous
``signedData``: :mod:`verify.capture.signing`) and, when ``timestamp_url`` names an RFC 3161
authority, has it time-stamp a statement of that digest, the signature and the chain anchor
(:mod:`verify.capture.timestamp`). The token sits beside ``signedData`` in
``datapackage-digest.json`` as ``verify_timestamp`` (the spec's ``signedData`` admits no other
property). One event records the export: the file, its SHA-256, the key's fingerprint and the
time stamp, so ``audit`` can check the package later.

:func:`check_wacz` checks any WACZ: every listed hash and WARC record, the package digest, the
signature and the time stamp, and whether the key is this case's.
"""

from __future__ import annotations

import base64
import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..capture.cdxj import cdxj_line
from ..capture.certs import load_certificates
from ..capture.signing import SigningKey, key_fingerprint, load_or_create_key, verify_signature
from ..capture.sniff import sniff_file
from ..capture.timestamp import (
    TimestampInvalid,
    check_reply,
    decode_token,
    query_for,
    statement,
)
from ..capture.wacz import WaczWarc, member_size, open_member, read_wacz, write_wacz
from ..capture.warc import arc_to_warc, index_entries, scan_warc
from ..config import load_settings
from ..errors import ArchiveFormatError, ConfigError, InputError, ServiceError
from ..store.register import load_source
from ..tempdirs import temporary_dir
from ..timeutil import format_instant, parse_instant
from ..web.client import HttpClient
from ..web.tsa import ask_authority
from .case import CaseContext
from .snapshots import list_snapshots, scan_container, snapshot_text

__all__ = ["KEY_FILE", "WaczCheck", "check_wacz", "check_wacz_in", "export_wacz", "signing_key"]

#: The case's signing key, under its cache folder.
KEY_FILE = Path("cache") / "keys" / "wacz-signing-key.pem"
#: ``created`` and the time stamp's genTime should be this close (the spec's 10 minutes).
TIMESTAMP_SLACK = 600.0


def signing_key(ctx: CaseContext) -> SigningKey:
    """The case's WACZ signing key (made on first use)."""
    path = ctx.path / KEY_FILE
    try:
        return load_or_create_key(path)
    except ValueError as exc:
        raise ConfigError(path, f"is not the case's signing key ({exc})") from None


def _roots(ctx_settings: Any, extra: list[Path] | None = None) -> list[Any]:
    paths = [Path(p) for p in (extra or [])]
    if ctx_settings.timestamp_roots:
        paths.append(Path(ctx_settings.timestamp_roots))
    try:
        return load_certificates(paths)
    except (OSError, ValueError) as exc:
        raise ConfigError("settings", f"timestamp_roots cannot be read as PEM ({exc})") from None


#: Characters of a page's text that pages.jsonl carries (ReplayWeb.page searches them).
PAGE_TEXT_LIMIT = 200_000


def _page(ctx: CaseContext, snap: Any) -> dict[str, Any]:
    """A pages.jsonl entry: the WACZ fields (id, url, ts, title, text) and ours."""
    url = snap.final_url or snap.url
    try:
        text = snapshot_text(ctx, snap.id)
    except ArchiveFormatError:
        text = ""
    page: dict[str, Any] = {"id": snap.id, "url": url, "ts": snap.captured_at,
                            "title": snap.title or url}  # fmt: skip
    if text:
        page["text"] = text[:PAGE_TEXT_LIMIT]
    page["source"] = snap.source_id
    page["text_sha256"] = snap.text_sha256
    return page


def export_wacz(ctx: CaseContext, out: Path) -> dict[str, Any]:
    """Write every snapshot into one WACZ package at ``out``; return a summary."""
    snaps = list_snapshots(ctx)
    if not snaps:
        raise InputError("there are no snapshots to export; run `verify archive` first")
    objects = ctx.store.objects
    warcs: list[WaczWarc] = []
    lines: list[str] = []
    seen: set[str] = set()
    with ExitStack() as stack:  # converted ARC files live until the package is written
        converted_dir: Path | None = None
        for snap in snaps:
            path = objects.path(snap.warc_sha256)
            if not path.is_file():
                raise ArchiveFormatError(path, f"the archive file of {snap.id} is missing")
            if snap.warc_sha256 in seen:
                continue
            seen.add(snap.warc_sha256)
            scans = scan_container(ctx, snap)
            if snap.container == "warc" and scans[""].version == "ARC":
                # WACZ readers take WARC: an imported ARC goes in converted. The ARC itself stays
                # the evidence in the case; each record's WARC-Refers-To names the ARC record.
                if converted_dir is None:
                    converted_dir = stack.enter_context(temporary_dir("wacz-arc"))
                converted = converted_dir / f"{snap.warc_sha256[:16]}.warc.gz"
                with converted.open("wb") as handle:
                    arc_to_warc(path, handle)
                name = f"{snap.id.lower()}-{snap.warc_sha256[:16]}-from-arc.warc.gz"
                size = converted.stat().st_size
                warcs.append(WaczWarc(name, lambda c=converted: c.open("rb"), size))
                lines.extend(cdxj_line(e, name) for e in index_entries(scan_warc(converted)))
                continue
            for member, scan in scans.items():
                ext = ".warc.gz" if sniff_file(path).gzipped else ".warc"
                base = Path(member).name if member else f"{snap.warc_sha256[:16]}{ext}"
                name = f"{snap.id.lower()}-{base}"
                if member:
                    size = member_size(path, member)
                    warcs.append(WaczWarc(name, lambda p=path, m=member: open_member(p, m), size))
                else:
                    warcs.append(WaczWarc(name, lambda p=path: p.open("rb"), path.stat().st_size))
                lines.extend(cdxj_line(e, name) for e in index_entries(scan))
        pages = [_page(ctx, s) for s in snaps]
        by_source: dict[str, list[str]] = {}
        for s in snaps:
            by_source.setdefault(s.source_id, []).append(s.id)
        claims: list[dict[str, Any]] = []
        for source_id, ids in by_source.items():
            source = load_source(ctx.store, source_id)
            for claim in source.claims or (None,):
                claims.append(
                    {
                        "source": source.id,
                        "source_label": source.label,
                        "url": source.url,
                        "claim": claim.id if claim else None,
                        "text": claim.text if claim else None,
                        "snapshots": ids,
                    }
                )
        case = ctx.case
        now = ctx.clock()
        created = format_instant(now)
        anchor = str(ctx.store.anchor() or "") or None
        key = signing_key(ctx)
        stamped: dict[str, Any] = {}

        def sign(package_hash: str) -> dict[str, Any]:
            signed = {
                "hash": package_hash,
                "created": created,
                "software": "verify",
                "version": __version__,
                "signature": key.sign(package_hash),
                "publicKey": key.public_key_b64,
            }
            extra: dict[str, Any] = {"signedData": signed}
            if ctx.settings.timestamp_url:
                extra["verify_timestamp"] = _time_stamp(ctx, package_hash, signed["signature"],
                                                        anchor, stamped)  # fmt: skip
            return extra

        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_wacz(
            out,
            warcs=warcs,
            index_lines=lines,
            pages=pages,
            claims=claims,
            title=" ".join(x for x in (case.dnr, case.title) if x) or "verify case",
            created=now,
            created_text=created,
            software=f"verify/{__version__}",
            main_page_url=pages[0]["url"] if len(pages) == 1 else None,
            anchor=anchor,
            sign=sign,
        )
    digest = hashlib.sha256()
    with out.open("rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    summary = {
        "path": str(out),
        "snapshots": len(snaps),
        "warcs": len(warcs),
        "sha256": digest.hexdigest(),
        "bytes": out.stat().st_size,
        "signed_by": key.fingerprint,
        "timestamp": stamped.get("timestamp"),
        "anchor": anchor,
    }
    args = {k: summary[k] for k in ("sha256", "bytes", "signed_by", "timestamp", "anchor")}
    args["wacz"] = str(out.resolve())
    with ctx.store.write(ctx.actor, "export", args) as writer:
        writer.touch(*[s.id for s in snaps])
    return summary


def _time_stamp(
    ctx: CaseContext, package_hash: str, signature: str, anchor: str | None,
    stamped: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """Have ``timestamp_url`` stamp the statement; the field datapackage-digest.json keeps."""
    url = str(ctx.settings.timestamp_url)
    message = statement(package_hash, signature, anchor)
    query = query_for(message.encode("utf-8"))
    with HttpClient(ctx.settings, ctx.clock, resolver=ctx.resolver) as client:
        reply = ask_authority(client, url, query.der)
    try:
        info = check_reply(reply, message.encode("utf-8"), _roots(ctx.settings),
                           nonce=query.nonce)  # fmt: skip
    except TimestampInvalid as exc:
        raise ServiceError("the time-stamp authority", url, str(exc)) from None
    stamped["timestamp"] = {"tsa": url, **info.to_dict()}
    return {
        "tsa": url,
        "statement": message,
        "token": base64.b64encode(reply).decode("ascii"),
        "genTime": info.gen_time,
    }


# -- checking a package -----------------------------------------------------------------------


@dataclass
class WaczCheck:
    """What :func:`check_wacz` found: each part's state and the problems."""

    path: str
    package: str = "ok"  # ok | failed
    signature: str = "absent"  # ok | failed | absent
    timestamp: str = "absent"  # ok | failed | absent
    signed_by: str | None = None
    case_key: bool | None = None  # the key is this case's (None: not asked)
    timestamp_info: dict[str, Any] | None = None
    anchor: str | None = None
    created: str | None = None
    snapshots: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "package": self.package,
            "signature": self.signature,
            "signed_by": self.signed_by,
            "case_key": self.case_key,
            "timestamp": self.timestamp,
            "timestamp_info": self.timestamp_info,
            "anchor": self.anchor,
            "created": self.created,
            "warc_records": self.snapshots,
            "problems": list(self.problems),
        }


def check_wacz(
    path: Path,
    *,
    settings: Any,
    case_key: str | None = None,
    trust: list[Path] | None = None,
) -> WaczCheck:
    """Check a WACZ: its contents, digest, signature and time stamp (never raises for them).

    ``case_key`` (a public key, base64) is the key the package should be signed with;
    ``trust`` adds PEM files of time-stamp roots to ``timestamp_roots`` and certifi's list."""
    result = WaczCheck(str(path))
    try:
        contents = read_wacz(Path(path))
    except ArchiveFormatError as exc:
        result.package = "failed"
        result.problems.append(str(exc))
        return result
    result.snapshots = sum(len(s.records) for s in contents.warcs.values())
    package = contents.package
    result.anchor = package.get("verify_anchor")
    result.created = package.get("created")
    digest = contents.digest
    signed = digest.get("signedData") if isinstance(digest, dict) else None
    if isinstance(signed, dict):
        result.signature = "ok"
        public = str(signed.get("publicKey") or "")
        result.signed_by = key_fingerprint(public) if public else None
        if signed.get("hash") != contents.package_hash:
            result.signature = "failed"
            result.problems.append("the signed hash is not the digest of datapackage.json")
        elif not public:
            result.signature = "failed"
            result.problems.append("the signature names no publicKey (domain signatures are "
                                   "not checked by verify)")  # fmt: skip
        elif not verify_signature(public, str(signed.get("signature") or ""), signed["hash"]):
            result.signature = "failed"
            result.problems.append("the signature does not verify with its publicKey")
        if signed.get("created") != package.get("created"):
            result.problems.append("signedData.created is not datapackage.json's created")
        if case_key is not None:
            result.case_key = public == case_key
            if not result.case_key:
                ours = key_fingerprint(case_key)
                result.problems.append(f"signed with key {result.signed_by}, not the case's {ours}")
    stamp = digest.get("verify_timestamp") if isinstance(digest, dict) else None
    if isinstance(stamp, dict):
        result.timestamp = "ok"
        expected = statement(contents.package_hash, (signed or {}).get("signature"),
                             result.anchor)  # fmt: skip
        try:
            if stamp.get("statement") != expected:
                raise TimestampInvalid(
                    "its statement is not this package's digest, signature and anchor"
                )
            info = check_reply(decode_token(str(stamp.get("token") or "")),
                               expected.encode("utf-8"), _roots(settings, trust))  # fmt: skip
            result.timestamp_info = {"tsa": stamp.get("tsa"), **info.to_dict()}
            created = result.created or ""
            try:
                gap = abs((parse_instant(info.gen_time) - parse_instant(created)).total_seconds())
            except (ValueError, TypeError):
                gap = 0.0
            if gap > TIMESTAMP_SLACK:
                raise TimestampInvalid(
                    f"genTime {info.gen_time} is {gap:.0f} s from created {created}"
                )
        except TimestampInvalid as exc:
            result.timestamp = "failed"
            result.problems.append(f"the time stamp: {exc}")
    return result


def check_wacz_in(path: Path, folder: Path, *, trust: list[Path] | None = None) -> WaczCheck:
    """:func:`check_wacz` with the settings of ``folder`` (its verify.toml, if any) and, when
    ``folder`` is a case that has a signing key, whether the package was signed with it."""
    folder = Path(folder)
    settings = load_settings(folder if folder.is_dir() else None)
    key_file = folder / KEY_FILE
    case_key = load_or_create_key(key_file).public_key_b64 if key_file.is_file() else None
    return check_wacz(path, settings=settings, case_key=case_key, trust=trust)
