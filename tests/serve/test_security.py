"""Refused requests: without the token, with a wrong one, with a foreign Host (DNS
rebinding), with a foreign or no Origin, without the CSRF token, too large. Each refusal leaves
the store exactly as it was."""

from __future__ import annotations

import pytest

from tests.conftest import store_dump

from .conftest import ORIGIN, PORT, make_client
from .helpers import MOTION


@pytest.fixture
def armed(desk):
    """A case with a motion read, and the state a refused request must not change."""
    with MOTION.open("rb") as handle:
        assert (
            desk.post(
                "/documents", files={"document": (MOTION.name, handle, "text/plain")}
            ).status_code
            == 303
        )
    return desk, store_dump(desk.case)


def anonymous(desk):
    from starlette.testclient import TestClient

    return TestClient(desk.client.app, base_url=ORIGIN, follow_redirects=False)


def test_the_first_url_sets_the_cookie_and_drops_the_token(desk):
    fresh = anonymous(desk)
    entered = fresh.get(f"/sources?token={desk.desk.keys.token}")
    assert entered.status_code == 303 and entered.headers["location"] == "/sources"
    cookie = entered.headers["set-cookie"]
    assert cookie.startswith(f"verify-desk-{PORT}={desk.desk.keys.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert fresh.get("/sources").status_code == 200


def test_without_the_token_401_with_a_wrong_one_403(armed):
    desk, before = armed
    fresh = anonymous(desk)
    assert fresh.get("/sources").status_code == 401
    refused = fresh.post("/sources/S1/confirm", data={"csrf": desk.desk.keys.csrf},
                         headers={"origin": ORIGIN})  # fmt: skip
    assert refused.status_code == 401
    assert fresh.get("/?token=guess").status_code == 403
    fresh.cookies.set(f"verify-desk-{PORT}", "guess")
    assert fresh.get("/sources").status_code == 403
    refused = fresh.post("/sources/S1/confirm", data={"csrf": desk.desk.keys.csrf},
                         headers={"origin": ORIGIN})  # fmt: skip
    assert refused.status_code == 403
    assert fresh.get("/static/desk.js").status_code == 403
    assert store_dump(desk.case) == before


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9", "",
                                  f"localhost.evil.example:{PORT}"])  # fmt: skip
def test_a_foreign_host_is_refused(armed, host):
    desk, before = armed
    got = desk.get("/sources", headers={"host": host})
    assert got.status_code == 421
    posted = desk.post("/sources/S1/confirm", {"was_status": "candidate"}, headers={"host": host})
    assert posted.status_code == 421
    assert store_dump(desk.case) == before


@pytest.mark.parametrize("host", [f"localhost:{PORT}", f"[::1]:{PORT}", f"127.0.0.1:{PORT}"])
def test_this_computers_names_are_allowed(desk, host):
    assert desk.get("/sources", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": f"http://localhost:{PORT + 1}"},
        {"origin": "null"},
        {"origin": f"https://127.0.0.1:{PORT}"},
        {"origin": "", "referer": "http://evil.example/page"},
    ],
)
def test_a_foreign_origin_is_refused(armed, headers):
    desk, before = armed
    refused = desk.post("/sources/S1/confirm", {"was_status": "candidate"}, headers=headers)
    assert refused.status_code == 403
    assert store_dump(desk.case) == before


def test_no_origin_at_all_is_refused_but_a_referer_from_here_is_enough(armed):
    desk, before = armed
    body = {"csrf": desk.desk.keys.csrf, "was_status": "candidate"}
    assert desk.client.post("/sources/S1/confirm", data=body).status_code == 403
    assert store_dump(desk.case) == before
    by_referer = desk.client.post("/sources/S1/confirm", data=body,
                                  headers={"referer": f"{ORIGIN}/sources"})  # fmt: skip
    assert by_referer.status_code == 303


@pytest.mark.parametrize("csrf", [None, "", "wrong", "x" * 43])
def test_without_the_csrf_token_403(armed, csrf):
    desk, before = armed
    data = {"was_status": "candidate", "because": "x"}
    if csrf is not None:
        data["csrf"] = csrf
    for path in ("/sources/S1/confirm", "/sources/S1/reject", "/lang", "/control/check",
                 "/findings", "/case/edit"):  # fmt: skip
        refused = desk.client.post(path, data=data, headers={"origin": ORIGIN})
        assert refused.status_code == 403, path
    with MOTION.open("rb") as handle:
        refused = desk.client.post("/documents", data=data, headers={"origin": ORIGIN},
                                   files={"document": ("m.txt", handle, "text/plain")})  # fmt: skip
    assert refused.status_code == 403
    assert store_dump(desk.case) == before
    assert not desk.desk.jobs.all()


def test_an_upload_over_the_cap_is_refused(case_dir):
    small = make_client(case_dir, max_body=4096)
    before = store_dump(case_dir)
    big = "Enligt CLDD vill 40 procent återvandra.\n".encode() * 400
    refused = small.post("/documents", files={"document": ("stor.txt", big, "text/plain")})
    assert refused.status_code == 413
    chunked = small.client.post(
        "/documents", content=iter([b"x" * 3000, b"y" * 3000]),
        headers={"origin": ORIGIN, "content-type": "multipart/form-data; boundary=b"},
    )  # fmt: skip
    assert chunked.status_code == 413
    assert store_dump(case_dir) == before
    small.client.close()


def test_state_changes_only_by_post(armed):
    desk, before = armed
    assert desk.get("/sources/S1/confirm").status_code == 405
    assert desk.get("/control/check").status_code == 405
    assert store_dump(desk.case) == before


def test_loopback_only_unless_told():
    from verify.serve import is_loopback
    from verify.serve.security import allowed_hosts

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert allowed_hosts("127.0.0.1", 8) == {"127.0.0.1:8", "localhost:8", "[::1]:8"}
    assert "192.168.1.5:8" in allowed_hosts("192.168.1.5", 8)
