"""What a TLS certificate says, for the provenance of a capture (cryptography parses it).

:func:`describe` reads one DER certificate: subject, issuer, validity, serial number and the
SHA-256 fingerprint of the DER bytes (the form browsers and crt.sh show).
:func:`to_pem` gives the PEM text a WARC resource record keeps. :func:`load_certificates` reads
the roots a time stamp's authority must chain to. A certificate that cannot be
parsed is still fingerprinted, and says why it could not be read.
"""

from __future__ import annotations

import hashlib
import ssl
import warnings
from pathlib import Path
from typing import Any

import certifi
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.utils import CryptographyDeprecationWarning

__all__ = ["describe", "fingerprint", "load_certificates", "to_pem"]


def fingerprint(der: bytes) -> str:
    """SHA-256 of the DER bytes, hex with colons (``AB:CD:...``), as browsers show it."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _instant(moment: Any) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(der: bytes) -> dict[str, Any]:
    """Subject, issuer, validity (UTC), serial and SHA-256 fingerprint of a certificate."""
    out: dict[str, Any] = {"sha256": fingerprint(der)}
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        out["problem"] = f"cannot be parsed: {exc}"
        return out
    out.update(
        {
            "subject": cert.subject.rfc4514_string(),
            "issuer": cert.issuer.rfc4514_string(),
            "not_before": _instant(cert.not_valid_before_utc),
            "not_after": _instant(cert.not_valid_after_utc),
            "serial": format(cert.serial_number, "X"),
        }
    )
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        out["names"] = [str(n.value) for n in names]
    except x509.ExtensionNotFound:
        pass
    return out


def to_pem(chain: tuple[bytes, ...] | list[bytes]) -> bytes:
    """The certificates as one PEM text, leaf first."""
    return "".join(ssl.DER_cert_to_PEM_cert(der) for der in chain).encode("ascii")


def load_certificates(paths: list[Path] | None = None, *, default: bool = True) -> list[Any]:
    """The certificates in ``paths`` (PEM files) and, with ``default``, the CA list the HTTP
    client trusts (certifi's: Mozilla's roots, which public time-stamp authorities chain to);
    each once. ``ValueError``/``OSError`` for a file that is not PEM certificates."""
    certs: list[x509.Certificate] = []
    for path in paths or []:
        certs.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
    if default:
        with warnings.catch_warnings():  # one old root there has a negative serial number
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            certs.extend(x509.load_pem_x509_certificates(Path(certifi.where()).read_bytes()))
    unique: dict[bytes, x509.Certificate] = {}
    for cert in certs:
        unique.setdefault(cert.public_bytes(serialization.Encoding.DER), cert)
    return list(unique.values())
