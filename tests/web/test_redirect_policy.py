"""An allowed first hop that redirects to a private address is refused under the default
policy (issue 11), tested for real: in a network namespace of its own the test gives the
loopback interface a public address, serves a page there that redirects to 127.0.0.1, and the
client (default policy, no allow_private) must refuse the second hop without touching it.
Skips where user and network namespaces are not available."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PUBLIC = "93.184.215.14"  # a public address, given to lo only inside the test's own namespace

SCRIPT = r"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from verify.config import Settings
from verify.web.check import check_url
from verify.web.client import HttpClient

PUBLIC = sys.argv[1]
hits = {"secret": 0}

class Public(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", f"http://127.0.0.1:{inner.server_port}/secret")
        self.send_header("Content-Length", "0")
        self.end_headers()

class Inner(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        hits["secret"] += 1
        body = b"internal admin page"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

outer = HTTPServer((PUBLIC, 0), Public)
inner = HTTPServer(("127.0.0.1", 0), Inner)
for s in (outer, inner):
    threading.Thread(target=s.serve_forever, daemon=True).start()

def resolver(host, port):
    if host == "first.example":
        return [PUBLIC]
    raise OSError("no such name here")

settings = Settings(dns_control_host="", retries=0)  # the default policy: no private
with HttpClient(settings, resolver=resolver) as client:
    result = check_url(client, f"http://first.example:{outer.server_port}/page", None, settings,
                       probes=False)
print(json.dumps({"status": result.status, "hops": [h["status"] for h in result.to_dict()["hops"]],
                  "error": result.error, "secret_hits": hits["secret"]}))
"""


def test_a_redirect_to_a_private_address_is_refused():
    if not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("unshare or ip (iproute2) is not installed")
    probe = subprocess.run(["unshare", "--net", "--map-root-user", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user and network namespaces are not available here")
    command = (
        f"ip link set lo up && ip addr add {PUBLIC}/32 dev lo && "
        f'PYTHONPATH={REPO} {sys.executable} -c "$SCRIPT" {PUBLIC}'
    )
    result = subprocess.run(
        ["unshare", "--net", "--map-root-user", "sh", "-c", command],
        env={"SCRIPT": SCRIPT, "PATH": "/usr/sbin:/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == "refused", data
    assert data["hops"] == [302]  # the first, public hop was fetched ...
    assert data["secret_hits"] == 0  # ... and the private one never was
    assert "127.0.0.1" in (data["error"] or "")
