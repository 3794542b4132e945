"""Replay in the tools auditors use: every snapshot verify writes, from its WARC and from the
exported WACZ, replays in pywb (a real `wayback` on 127.0.0.1) with the bytes the server sent,
and loads in ReplayWeb.page (the npm package, in Debian's Chromium) showing the page's title.

Nothing is mocked: the pages are real corpus articles served by a local server, archived by
verify, and read back by the replay tools' own code.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from ..conftest import missing_tool
from .replay import PAGES, Archived, RangeFiles, build

#: The ReplayWeb.page release the test loads (.ci/run fetches it with npm).
REPLAYWEBPAGE_VERSION = "2.5.3"

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> Iterator[Archived]:
    case, site = build(tmp_path_factory.mktemp("replay"))
    try:
        yield case
    finally:
        site.server.shutdown()
        site.server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, *, follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(*([] if follow else [NoRedirect()]))
    # pywb decodes a gzip body for a client that does not accept gzip: ask for it as stored.
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate"})
    try:
        with opener.open(request, timeout=30) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


def _ts(snap) -> str:
    return "".join(ch for ch in snap.captured_at if ch.isdigit())[:14]


@pytest.fixture(scope="module")
def wayback(archived, tmp_path_factory) -> Iterator[str]:
    manager, server = BIN / "wb-manager", BIN / "wayback"
    if not manager.exists() or not server.exists():
        missing_tool("pywb is not installed (it is in the test extra: pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("pywb")

    def manage(*args: str) -> None:
        done = subprocess.run([str(manager), *args], cwd=root, capture_output=True, text=True,
                              timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr

    manage("init", "warcs")
    copies = []
    for snap in archived.snapshots:
        copy = root / f"{snap.id}.warc.gz"
        shutil.copyfile(archived.warc(snap), copy)
        copies.append(str(copy))
    manage("add", "warcs", *copies)
    manage("init", "wacz")
    manage("add", "--unpack-wacz", "wacz", str(archived.wacz))
    port = _free_port()
    proc = subprocess.Popen(
        [str(server), "-b", "127.0.0.1", "-p", str(port), "-t", "4"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("wayback did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.mark.parametrize("collection", ["warcs", "wacz"])
def test_pywb_replays_every_snapshot_with_the_bytes_sent(archived, wayback, collection):
    assert len(archived.snapshots) == PAGES + 2  # 15 pages, the redirect, the revisit
    replayed = 0
    for snap in archived.snapshots:
        url = snap.final_url or snap.url
        status, headers, body = _get(f"{wayback}/{collection}/{_ts(snap)}id_/{url}")
        assert status == 200, (snap.id, url, status, body[:300])
        assert body == archived.sent[url], (snap.id, url, headers)
        assert headers.get("Content-Type", "").startswith("text/html"), (snap.id, headers)
        replayed += 1
    assert replayed == len(archived.snapshots)
    for start, target in archived.redirects.items():
        snap = next(s for s in archived.snapshots if s.url == start)
        status, headers, _ = _get(f"{wayback}/{collection}/{_ts(snap)}id_/{start}", follow=False)
        assert status in (301, 302) and headers["Location"].endswith(target), (status, headers)


REPO = Path(__file__).resolve().parents[2]


def _replaywebpage() -> Path:
    """The ReplayWeb.page app from its npm package (.ci/run unpacks it into .cache/)."""
    where = Path(os.environ.get("VERIFY_REPLAYWEBPAGE") or REPO / ".cache" / "replaywebpage")
    if not (where / "index.html").is_file() or not (where / "sw.js").is_file():
        missing_tool(
            f"ReplayWeb.page is not unpacked at {where} (.ci/run does: npm pack "
            f"replaywebpage@{REPLAYWEBPAGE_VERSION}, or set VERIFY_REPLAYWEBPAGE)"
        )
    version = json.loads((where / "package.json").read_text(encoding="utf-8")).get("version")
    assert version == REPLAYWEBPAGE_VERSION, f"{where} holds replaywebpage {version}"
    return where


def test_replaywebpage_shows_every_snapshot_with_its_own_title(archived):
    app_dir = _replaywebpage()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        missing_tool("Chromium is not installed (.ci/run installs Debian's chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="in the test extra")
    files = {f"/{name}": app_dir / name for name in ("index.html", "ui.js", "sw.js")}
    files["/case.wacz"] = archived.wacz
    served = RangeFiles(files)
    app = f"{served.base}/index.html?source={quote(served.base + '/case.wacz', safe='')}"
    shown: dict[str, str] = {}
    seen: dict[str, str] = {}
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                      "--disable-background-networking", "--no-first-run"],
            )  # fmt: skip
            try:
                page = browser.new_page()
                page.goto(app)
                # The package is loaded (through its service worker) when its page list is.
                count = len({(s.final_url or s.url, s.captured_at) for s in archived.snapshots})
                page.get_by_text(f"{count} pages", exact=True).wait_for(timeout=60_000)
                verification = _wabac_verification(page)
                frame = page.locator("iframe[name='___wb_replay_top_frame']")
                for snap in archived.snapshots:
                    url = snap.final_url or snap.url
                    replay = f"{app}#view=replay&url={quote(url, safe='')}&ts={_ts(snap)}"
                    # Now and then (about one run in three here, on pages whose scripts
                    # document.write further scripts) the replayed document stays blocked on
                    # a script and its title cannot be read: load the replay afresh, at most
                    # twice more, before calling the page missing.
                    for attempt in range(3):
                        if attempt:
                            page.goto("about:blank")
                        page.goto(replay)
                        shown[snap.id], seen[snap.id] = _replayed_title(frame, url)
                        if shown[snap.id]:
                            break
            finally:
                browser.close()
    finally:
        served.close()
    expected = {s.id: archived.titles[s.final_url or s.url] for s in archived.snapshots}
    assert shown == expected, {k: seen[k] for k in shown if shown[k] != expected[k]}
    assert len(shown) == PAGES + 2
    # wabac.js checked the package's signature (WACZ Signing and Verification) itself:
    digest = json.loads(zipfile.ZipFile(archived.wacz).read("datapackage-digest.json"))
    assert verification["signature"] == {"expected": True, "matched": True}, verification
    assert verification["publicKey"]["expected"] == digest["signedData"]["publicKey"]
    assert verification["datapackageHash"]["expected"] == digest["hash"]


def _wabac_verification(page) -> dict:
    """What ReplayWeb.page's service worker recorded when it verified the package (its
    IndexedDB ``verification`` store: id -> expected and matched)."""
    deadline = time.monotonic() + 30
    while True:
        found = page.evaluate(
            """async () => {
              const out = {};
              for (const info of await indexedDB.databases()) {
                const db = await new Promise((ok, bad) => {
                  const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result);
                  r.onerror = bad; });
                if (![...db.objectStoreNames].includes("verification")) { db.close(); continue; }
                const rows = await new Promise((ok) => {
                  const r = db.transaction("verification").objectStore("verification").getAll();
                  r.onsuccess = () => ok(r.result); });
                for (const r of rows) out[r.id] = {expected: r.expected, matched: r.matched};
                db.close();
              }
              return out;
            }"""
        )
        if "signature" in found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _replayed_title(frame, url: str, timeout: float = 20.0) -> tuple[str, str]:
    """The title of the document in ReplayWeb.page's replay frame once it shows ``url``, and
    what the frame showed last (for the failure message) when it never did."""
    deadline = time.monotonic() + timeout
    seen = "no replay frame"
    while time.monotonic() < deadline:
        try:
            handle = frame.element_handle(timeout=1000)
            inner = handle.content_frame() if handle else None
            if inner is not None:
                seen = inner.url
                if inner.url.endswith("mp_/" + url):
                    title = inner.title()
                    if title:
                        return " ".join(title.split()), seen
                    body = inner.evaluate("document.body ? document.body.innerText : ''")
                    seen = f"{inner.url} with no title, text {body[:200]!r}"
        except Exception as exc:  # noqa: BLE001 - the frame navigates while we look; look again
            seen = f"{seen} ({type(exc).__name__})"
        time.sleep(0.1)
    return "", seen
