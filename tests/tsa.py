"""A real RFC 3161 time-stamp authority for tests, built with `cryptography` and a test CA.

The protocol is real (a DER TimeStampReq in, a DER TimeStampResp with a CMS SignedData over a
TSTInfo out, ESS signing-certificate-v2, EKU timeStamping); the authority is not: its CA is
made in the test. It serves ``POST /tsr`` on 127.0.0.1 (``application/timestamp-query``).

The DER is written by the small encoder below (no ASN.1 library), following RFC 3161 section
2.4 and RFC 5652 (CMS), so that the client under test reads what a real authority sends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# -- DER ------------------------------------------------------------------------------------


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _len(len(content)) + content


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(items)))  # DER: a SET OF is sorted


def integer(n: int) -> bytes:
    raw = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, raw)


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def gentime(moment: dt.datetime) -> bytes:
    return tlv(0x18, moment.strftime("%Y%m%d%H%M%SZ").encode())


def explicit(n: int, content: bytes) -> bytes:
    return tlv(0xA0 + n, content)


def read(data: bytes) -> tuple[int, bytes, bytes]:
    """One TLV: (tag, content, the rest)."""
    tag, first = data[0], data[1]
    if first < 0x80:
        size, start = first, 2
    else:
        count = first & 0x7F
        size, start = int.from_bytes(data[2 : 2 + count], "big"), 2 + count
    return tag, data[start : start + size], data[start + size :]


def items(content: bytes) -> list[tuple[int, bytes, bytes]]:
    """The TLVs of a constructed value: (tag, content, the whole TLV)."""
    out = []
    while content:
        tag, inner, rest = read(content)
        out.append((tag, inner, content[: len(content) - len(rest)]))
        content = rest
    return out


# -- the authority --------------------------------------------------------------------------

SHA256 = "2.16.840.1.101.3.4.2.1"
ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SIGNED_DATA = "1.2.840.113549.1.7.2"
TST_INFO = "1.2.840.113549.1.9.16.1.4"
CONTENT_TYPE = "1.2.840.113549.1.9.3"
MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
POLICY = "1.3.6.1.4.1.55555.1.1"  # a test policy arc


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "verify test TSA"),
        ]
    )


def _cert(subject, issuer, key, signer, *, ca: bool, start: dt.datetime) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        ).add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), True
        )
    return builder.sign(signer, hashes.SHA256())


@dataclass
class Authority:
    """A CA and a TSA certificate it issued; :meth:`respond` answers a TimeStampReq."""

    name: str = "Test Time Stamp Authority"
    start: dt.datetime = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    requests: list[bytes] = field(default_factory=list)
    clock: object = None  # a callable giving the genTime (default: now)
    embed_ca: bool = False  # put the CA certificate in the token too (as some authorities do)

    def __post_init__(self) -> None:
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca_cert = _cert(_name(f"{self.name} CA"), _name(f"{self.name} CA"), self.ca_key,
                             self.ca_key, ca=True, start=self.start)  # fmt: skip
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cert = _cert(_name(self.name), self.ca_cert.subject, self.key, self.ca_key,
                          ca=False, start=self.start)  # fmt: skip
        self.serial = 0

    def root_pem(self, path: Path) -> Path:
        path.write_bytes(self.ca_cert.public_bytes(serialization.Encoding.PEM))
        return path

    def respond(self, request: bytes) -> bytes:
        self.requests.append(request)
        _, body, _ = read(request)
        fields = items(body)
        imprint = fields[1][2]  # messageImprint, copied as it was asked
        nonce = next((whole for tag, _, whole in fields[2:] if tag == 0x02), None)
        cert_req = any(tag == 0x01 and inner != b"\x00" for tag, inner, _ in fields[2:])
        self.serial += 1
        moment = self.clock() if callable(self.clock) else dt.datetime.now(dt.UTC)
        tst = seq(
            integer(1),
            oid(POLICY),
            imprint,
            integer(self.serial),
            gentime(moment),
            seq(integer(1)),  # accuracy: one second
            *([nonce] if nonce else []),
        )
        cert_der = self.cert.public_bytes(serialization.Encoding.DER)
        attrs = [
            seq(oid(CONTENT_TYPE), set_of(oid(TST_INFO))),
            seq(oid(MESSAGE_DIGEST), set_of(octets(hashlib.sha256(tst).digest()))),
            seq(oid(SIGNING_CERT_V2),
                set_of(seq(seq(seq(octets(hashlib.sha256(cert_der).digest())))))),
        ]  # fmt: skip
        signed_attrs = set_of(*attrs)
        signature = self.key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
        signer = seq(
            integer(1),
            seq(self.ca_cert.subject.public_bytes(), integer(self.cert.serial_number)),
            seq(oid(SHA256)),
            tlv(0xA0, read(signed_attrs)[1]),  # [0] IMPLICIT: the SET's content
            seq(oid(ECDSA_SHA256)),
            octets(signature),
        )
        ders = [cert_der] + ([self.ca_cert.public_bytes(serialization.Encoding.DER)]
                             if self.embed_ca else [])  # fmt: skip
        chain = b"".join(sorted(ders))  # [0] IMPLICIT SET OF: DER order
        certificates = [tlv(0xA0, chain)] if cert_req else []
        signed_data = seq(
            integer(3),
            set_of(seq(oid(SHA256))),
            seq(oid(TST_INFO), explicit(0, octets(tst))),
            *certificates,
            set_of(signer),
        )
        token = seq(oid(SIGNED_DATA), explicit(0, signed_data))
        return seq(seq(integer(0)), token)


class AuthorityServer:
    """The authority over HTTP on 127.0.0.1 (``POST /tsr``)."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        served = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                query = self.rfile.read(size)
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                answer = served.authority.respond(query)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/tsr"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
