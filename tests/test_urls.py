from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.errors import InvalidURLError
from verify.urls import domain_of, normalize_url


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("https://Example.SE/Sida?a=1#x", "https://example.se/Sida?a=1"),
        ("http://example.se:80", "http://example.se/"),
        ("https://example.se:8443/a", "https://example.se:8443/a"),
        ("dagenssamhalle.se", "https://dagenssamhalle.se/"),
        ("www.x.se/sida", "https://www.x.se/sida"),
        ("https://räksmörgås.se/", "https://xn--rksmrgs-5wao1o.se/"),
    ],
)
def test_normalize(given_url, expected):
    assert normalize_url(given_url) == expected


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("htp://x", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://exa mple.se/a b", "spaces"),
        ("https://x.se/" + "a" * 10_000, "longer than"),
        ("", "empty"),
        ("not a url", "spaces"),
        ("hello", "not a web address"),
        ("https://user:pw@x.se/", "password"),
        ("https:///path", "no host"),
        ("https://-bad-.se/", "host name"),
    ],
)
def test_invalid(bad, says):
    with pytest.raises(InvalidURLError) as info:
        normalize_url(bad)
    assert says in str(info.value)
    assert "\n" not in str(info.value)


def test_domain_of():
    assert domain_of("https://www.dagenssamhalle.se/a") == "dagenssamhalle.se"


@given(st.text(max_size=200))
def test_normalize_never_crashes(text):
    try:
        out = normalize_url(text)
    except InvalidURLError:
        return
    assert out.startswith(("http://", "https://"))
    assert normalize_url(out) == out


def test_host_key_is_host_and_port_lower_cased() -> None:
    from verify.urls import host_key

    assert host_key("https://WWW.Example.se:8443/a?b") == "www.example.se:8443"
    assert host_key("http://127.0.0.1:9/x") == "127.0.0.1:9"
    assert host_key("not a url") == "not a url"
