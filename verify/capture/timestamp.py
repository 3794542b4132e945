"""RFC 3161 time-stamps: the query we send and the check of the token we get (rfc3161-client).

The imprint is SHA-256 over a short statement (:func:`statement`) that names what the time
stamp vouches for: the digest of ``datapackage.json``, the package's signature and the chain
anchor (``verify-anchor: event N sha256:...``). So one token proves that the package, signed
by that key, and the case's event log up to that event, existed at ``genTime``.

:func:`check_reply` verifies a TimeStampResp with rfc3161-client: the status is granted, the
CMS signature is valid and made by a certificate with the critical timeStamping EKU that
chains to one of ``roots`` (valid at ``genTime``), the imprint is the statement's SHA-256, and
(when given) the nonce is ours. The roots are cryptography certificates
(:func:`verify.capture.certs.load_certificates`); sending the query is the HTTP client's job
(:mod:`verify.web.tsa`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import rfc3161_client

from .certs import describe

__all__ = [
    "STATEMENT_VERSION",
    "Timestamp",
    "TimestampInvalid",
    "TimestampQuery",
    "check_reply",
    "decode_token",
    "query_for",
    "statement",
]

STATEMENT_VERSION = "verify-wacz-timestamp/1"


class TimestampInvalid(ValueError):
    """A time-stamp token that does not verify (the message says why)."""


def statement(datapackage_hash: str, signature: str | None, anchor: str | None) -> str:
    """The text whose SHA-256 is time-stamped (one fact per line)."""
    return (
        f"{STATEMENT_VERSION}\n"
        f"datapackage.json {datapackage_hash}\n"
        f"signature {signature or 'none'}\n"
        f"{anchor or 'verify-anchor: none'}\n"
    )


@dataclass(frozen=True)
class TimestampQuery:
    """A TimeStampReq (DER) and the nonce it carries."""

    der: bytes
    nonce: int | None


def query_for(message: bytes) -> TimestampQuery:
    """A TimeStampReq over SHA-256 of ``message``, with a nonce, asking for the certificate."""
    request = (
        rfc3161_client.TimestampRequestBuilder()
        .data(message)
        .hash_algorithm(rfc3161_client.HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    return TimestampQuery(request.as_bytes(), request.nonce)


@dataclass(frozen=True)
class Timestamp:
    """What a verified token says."""

    gen_time: str  # UTC, ISO 8601 with Z
    serial: str
    policy: str
    authority: str | None  # the subject of the certificate that signed it

    def to_dict(self) -> dict[str, Any]:
        return {
            "gen_time": self.gen_time,
            "serial": self.serial,
            "policy": self.policy,
            "authority": self.authority,
        }


def decode_token(token_b64: str) -> bytes:
    """The DER of a base64 token (a TimeStampResp), or :class:`TimestampInvalid`."""
    try:
        return base64.b64decode(token_b64, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise TimestampInvalid("the time-stamp token is not base64") from None


def check_reply(
    reply: bytes,
    message: bytes,
    roots: list[Any],
    *,
    nonce: int | None = None,
) -> Timestamp:
    """Verify a TimeStampResp over ``message``; :class:`TimestampInvalid` says what fails."""
    try:
        response = rfc3161_client.decode_timestamp_response(reply)
    except ValueError as exc:
        raise TimestampInvalid(f"not a time-stamp reply ({exc})") from None
    if response.status != rfc3161_client.PKIStatus.GRANTED:
        detail = "; ".join(response.status_string) if response.status_string else ""
        raise TimestampInvalid(f"the authority refused (status {response.status}) {detail}")
    if not roots:
        raise TimestampInvalid("no trusted root certificates to check the authority against")
    builder = rfc3161_client.VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    if nonce is not None:
        builder = builder.nonce(nonce)
    try:
        builder.build().verify_message(response, message)
    except rfc3161_client.VerificationError as exc:
        raise TimestampInvalid(_reason(str(exc))) from None
    info = response.tst_info
    authority = None
    signers = {(s.issuer.rfc4514_string(), format(s.serial_number, "X"))
               for s in response.signed_data.signer_infos}  # fmt: skip
    for der in response.signed_data.certificates:
        cert = describe(der)
        if (cert.get("issuer"), cert.get("serial")) in signers:
            authority = cert.get("subject")
    moment = info.gen_time
    return Timestamp(
        gen_time=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        serial=format(info.serial_number, "X"),
        policy=info.policy.dotted_string if info.policy is not None else "",
        authority=authority,
    )


def _reason(text: str) -> str:
    if "Mismatch between messages" in text:
        return "the token is for other data (its imprint is not this package's statement)"
    if "verify pkcs7" in text or "certificates" in text:
        return "its signature does not verify against a trusted time-stamp authority"
    if "Nonce" in text:
        return "the token answers another request (nonce)"
    return " ".join(text.split())[:200]
