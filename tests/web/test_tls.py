"""HTTPS against real local servers: pinned connections keep SNI, Host and certificate checks.

Every server listens on 127.0.0.1 (port 0) with the ``ssl`` module and a certificate made here:
a test CA from trustme (trusted through ``ca_bundle``), leaf certificates it signs, and, built
with cryptography, an expired one and a self-signed one. The client reaches ``localhost``
through an injected resolver that answers 127.0.0.1, so the tests do not depend on how this
machine resolves ``localhost`` (IPv6 first or not), and the one that uses a name no DNS knows
proves the connection goes to the pinned address while TLS keeps the name.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from verify.errors import ConfigError
from verify.timeutil import fixed_clock
from verify.web.check import check_url
from verify.web.client import HttpClient, _ssl_context

from .conftest import CLOCK, Handler, Site, make_settings, page, send


class TLSSite:
    """An HTTPS server on 127.0.0.1 that records the SNI names and Host headers it received."""

    def __init__(self, cert_file: Path, key_file: Path) -> None:
        self.routes: dict[str, Handler] = {}
        self.sni: list[str | None] = []
        self.hosts: list[str | None] = []
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert_file), str(key_file))
        context.sni_callback = lambda _sock, name, _ctx: self.sni.append(name)
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.hosts.append(self.headers.get("Host"))
                path = urlsplit(self.path).path
                handler = site.routes.get(path)
                if handler is None:
                    send(self, 404, page("Not here", h1="Not here"))
                else:
                    handler(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def finish_request(self, request: socket.socket, client_address: object) -> None:
                # The handshake happens here, in the connection's own thread; a client that
                # refuses our certificate ends it, which is what several tests want.
                request.settimeout(5)
                try:
                    tls = context.wrap_socket(request, server_side=True)
                except OSError:
                    return
                with contextlib.closing(tls):
                    self.RequestHandlerClass(tls, client_address, self)

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), H)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.port = self.server.server_port

    def url(self, path: str, host: str = "localhost") -> str:
        return f"https://{host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Resolver:
    """A DNS stand-in: every name it knows is 127.0.0.1; it counts the questions."""

    def __init__(self, *names: str) -> None:
        self.names = set(names)
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return ["127.0.0.1"]


def _pem_files(tmp: Path, name: str, cert_pem: bytes, key_pem: bytes) -> tuple[Path, Path]:
    cert_file, key_file = tmp / f"{name}.crt", tmp / f"{name}.key"
    cert_file.write_bytes(cert_pem)
    key_file.write_bytes(key_pem)
    return cert_file, key_file


def _leaf(tmp: Path, ca: trustme.CA, name: str, *hosts: str) -> tuple[Path, Path]:
    cert = ca.issue_cert(*hosts)
    key_pem = cert.private_key_pem.bytes()
    chain = b"".join(blob.bytes() for blob in cert.cert_chain_pems)
    return _pem_files(tmp, name, chain, key_pem)


def _built(
    tmp: Path,
    name: str,
    host: str,
    *,
    issuer: trustme.CA | None,
    not_before: datetime,
    not_after: datetime,
) -> tuple[Path, Path]:
    """A certificate made with cryptography: signed by ``issuer``, or self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    if issuer is None:
        signer, issuer_name, issuer_public = key, subject, key.public_key()
    else:
        signer = serialization.load_pem_private_key(issuer.private_key_pem.bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(issuer.cert_pem.bytes())
        issuer_name, issuer_public = ca_cert.subject, ca_cert.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public),  # type: ignore[arg-type]
            critical=False,
        )
    )
    cert = builder.sign(signer, hashes.SHA256())  # type: ignore[arg-type]
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _pem_files(tmp, name, cert.public_bytes(serialization.Encoding.PEM), key_pem)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def certs(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("certs")
    now = datetime.now(UTC)
    bundle = tmp / "test-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    return {
        "bundle": bundle,
        "valid": _leaf(tmp, ca, "valid", "localhost", "pinned.verify-test.example"),
        "other_name": _leaf(tmp, ca, "other", "other.example"),
        "unknown_ca": _leaf(tmp, trustme.CA(), "unknown", "localhost"),
        "self_signed": _built(
            tmp,
            "self",
            "localhost",
            issuer=None,
            not_before=now - timedelta(days=1),
            not_after=now + timedelta(days=30),
        ),
        "expired": _built(
            tmp,
            "expired",
            "localhost",
            issuer=ca,
            not_before=now - timedelta(days=60),
            not_after=now - timedelta(days=1),
        ),
    }


@pytest.fixture
def serve(certs: dict[str, object]) -> Iterator[object]:
    sites: list[TLSSite] = []

    def start(kind: str) -> TLSSite:
        cert_file, key_file = certs[kind]  # type: ignore[misc]
        site = TLSSite(cert_file, key_file)
        site.routes["/"] = lambda h: send(h, 200, page("Kommunen", h1="Välkommen"))
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.close()


def _client(certs: dict[str, object], resolver: Resolver, **changes: object) -> HttpClient:
    settings = make_settings(ca_bundle=str(certs["bundle"]), **changes)
    return HttpClient(settings, fixed_clock(CLOCK), resolver=resolver)


def test_valid_certificate_on_a_pinned_connection_keeps_sni_and_host(certs, serve) -> None:
    site = serve("valid")
    resolver = Resolver("localhost")
    with _client(certs, resolver) as client:
        ex = client.fetch(site.url("/"))
        result = check_url(client, site.url("/"), None, client.settings, fixed_clock(CLOCK))
    assert ex.error is None and ex.status == 200
    assert ex.hops[0].ip == "127.0.0.1"
    assert ("Host", f"localhost:{site.port}") in ex.hops[0].request_headers
    assert site.sni and set(site.sni) == {"localhost"}  # SNI is the name, not the pinned IP
    assert site.hosts[0] == f"localhost:{site.port}"
    assert resolver.asked[0] == "localhost"
    assert result.status == "ok" and result.tls_detail is None


def test_a_name_no_dns_knows_reaches_the_pinned_address(certs, serve) -> None:
    site = serve("valid")
    name = "pinned.verify-test.example"
    with _client(certs, Resolver(name)) as client:
        ex = client.fetch(site.url("/", host=name))
    assert ex.error is None and ex.status == 200
    assert site.sni == [name] and site.hosts == [f"{name}:{site.port}"]


def test_the_test_ca_is_trusted_only_through_ca_bundle(certs, serve) -> None:
    site = serve("valid")
    settings = make_settings()  # no ca_bundle: the default bundle does not know our CA
    with HttpClient(settings, fixed_clock(CLOCK), resolver=Resolver("localhost")) as client:
        ex = client.fetch(site.url("/"))
    assert ex.error == "tls_error" and ex.tls_detail == "untrusted"
    assert not site.hosts  # no request was sent over an unverified connection


def test_ca_bundle_is_added_to_the_default_bundle(certs) -> None:
    default = _ssl_context(None).cert_store_stats()["x509_ca"]
    assert default > 10  # the default (certifi) bundle is loaded
    assert _ssl_context(str(certs["bundle"])).cert_store_stats()["x509_ca"] == default + 1


def test_a_certificate_for_another_name_is_wrong_host(certs, serve) -> None:
    site = serve("other_name")
    with _client(certs, Resolver("localhost")) as client:
        ex = client.fetch(site.url("/"))
        result = check_url(client, site.url("/"), None, client.settings, fixed_clock(CLOCK))
    assert ex.error == "tls_error" and ex.tls_detail == "wrong_host"
    assert result.status == "tls_error" and result.tls_detail == "wrong_host"
    assert not site.hosts


@pytest.mark.parametrize("kind", ["unknown_ca", "self_signed"])
def test_an_unknown_issuer_is_untrusted(certs, serve, kind: str) -> None:
    site = serve(kind)
    with _client(certs, Resolver("localhost")) as client:
        result = check_url(client, site.url("/"), None, client.settings, fixed_clock(CLOCK))
    assert result.status == "tls_error" and result.tls_detail == "untrusted"
    assert not site.hosts


def test_an_expired_certificate_is_expired(certs, serve) -> None:
    site = serve("expired")
    with _client(certs, Resolver("localhost")) as client:
        result = check_url(client, site.url("/"), None, client.settings, fixed_clock(CLOCK))
    assert result.status == "tls_error" and result.tls_detail == "expired"
    assert not site.hosts


@pytest.mark.parametrize(("back_to", "error"), [("valid", None), ("unknown_ca", "untrusted")])
def test_https_to_http_and_back_verifies_every_hop(
    certs, serve, site: Site, back_to: str, error: str | None
) -> None:
    first, last = serve("valid"), serve(back_to)
    mid = f"/mid/{back_to}"
    first.routes["/start"] = lambda h: send(h, 302, b"", {"Location": site.url(mid)})
    site.route(mid, lambda h: send(h, 302, b"", {"Location": last.url("/")}))
    with _client(certs, Resolver("localhost")) as client:
        ex = client.fetch(first.url("/start"))
    assert [h.url for h in ex.hops[:2]] == [first.url("/start"), site.url(mid)]
    assert first.sni == ["localhost"] and last.sni == ["localhost"]
    if error is None:
        assert ex.error is None and [h.status for h in ex.hops] == [302, 302, 200]
        assert ex.final_url == last.url("/") and last.hosts == [f"localhost:{last.port}"]
    else:
        assert ex.error == "tls_error" and ex.tls_detail == error
        assert [h.status for h in ex.hops] == [302, 302] and not last.hosts


def test_an_unreadable_ca_bundle_is_a_config_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n", encoding="utf-8")
    for path in (junk, tmp_path / "missing.pem"):
        with pytest.raises(ConfigError, match="ca_bundle"):
            HttpClient(make_settings(ca_bundle=str(path)))
