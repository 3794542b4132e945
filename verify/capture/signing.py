"""The case's signing key and WACZ signatures (WACZ Signing and Verification 0.1.0, anonymous).

A signed WACZ carries in ``datapackage-digest.json`` a ``signedData`` object: the ``hash`` of
``datapackage.json`` (``sha256:<hex>``), ``created``, ``software``, ``version``, the
``signature`` and the ``publicKey``. What wabac.js (ReplayWeb.page) checks, and so what we
write: an ECDSA P-384 key, ``publicKey`` its SubjectPublicKeyInfo (DER, base64), and
``signature`` an ECDSA signature with SHA-256 over the UTF-8 bytes of ``hash``, in the raw
``r || s`` form WebCrypto reads (96 bytes, base64). The key is the case's own: made on the
first export and kept as PEM under ``cache/keys/``; the signature is "anonymous" in the spec's
words, and who holds the key is told out of band (the export event records its fingerprint).

cryptography is used here and in :mod:`.certs` and :mod:`.timestamp` only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

__all__ = ["SigningKey", "key_fingerprint", "load_or_create_key", "verify_signature"]

_CURVE = ec.SECP384R1()
_SIZE = 48  # bytes of r and of s on P-384


def key_fingerprint(public_key_b64: str) -> str:
    """``sha256:<hex>`` of the SubjectPublicKeyInfo: how the key is named in events and output."""
    try:
        der = base64.b64decode(public_key_b64, validate=True)
    except (binascii.Error, ValueError):
        return "sha256:?"
    return "sha256:" + hashlib.sha256(der).hexdigest()


@dataclass(frozen=True)
class SigningKey:
    """The case's private key, with the public half as WACZ writes it."""

    key: ec.EllipticCurvePrivateKey

    @property
    def public_key_b64(self) -> str:
        der = self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key_b64)

    def sign(self, text: str) -> str:
        """Base64 of the raw ``r || s`` ECDSA (SHA-256) signature of ``text`` (UTF-8)."""
        der = self.key.sign(text.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return base64.b64encode(r.to_bytes(_SIZE, "big") + s.to_bytes(_SIZE, "big")).decode()


def load_or_create_key(path: Path) -> SigningKey:
    """The key in ``path`` (PEM, PKCS#8), made there first if there is none.

    A new key is written to a temporary file readable by its owner only and renamed into
    place, so a key file is whole or absent. A file that is not a P-384 key is an error
    (``ValueError``), never silently replaced.
    """
    path = Path(path)
    if path.is_file():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != _CURVE.name:
            raise ValueError(f"{path} is not an ECDSA P-384 key")
        return SigningKey(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(_CURVE)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return SigningKey(key)


def verify_signature(public_key_b64: str, signature_b64: str, text: str) -> bool:
    """Whether ``signature_b64`` (raw ``r || s`` or DER) signs ``text`` with that P-384 key."""
    try:
        der_key = base64.b64decode(public_key_b64, validate=True)
        raw = base64.b64decode(signature_b64, validate=True)
        public = serialization.load_der_public_key(der_key)
    except (binascii.Error, ValueError):
        return False
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return False
    size = (public.curve.key_size + 7) // 8
    if len(raw) == 2 * size:  # WebCrypto's IEEE P1363 form
        signature = encode_dss_signature(
            int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")
        )
    else:
        signature = raw
    try:
        public.verify(signature, text.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True
