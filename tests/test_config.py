from __future__ import annotations

import pytest

from verify.config import Settings, load_settings
from verify.errors import ConfigError


def test_defaults_in_one_place(tmp_path):
    assert load_settings(tmp_path) == Settings()
    assert Settings().lang == "sv" and Settings().timezone == "Europe/Stockholm"


def test_file_overrides_only_what_it_sets_and_flags_override_both(tmp_path):
    (tmp_path / "verify.toml").write_text('lang = "en"\nper_host = 2\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.lang == "en" and settings.per_host == 2
    assert settings.max_body == Settings().max_body
    flagged = load_settings(tmp_path, {"per_host": 8, "lang": None})
    assert flagged.per_host == 8 and flagged.lang == "en"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("nonsense = 1\n", "unknown setting 'nonsense'"),
        ('per_host = "four"\n', "per_host must be a whole number"),
        ("allow_private = 1\n", "allow_private must be true or false"),
        ('lang = "de"\n', "lang must be one of sv, en"),
        ('timezone = "Mars/Olympus"\n', "unknown time zone"),
        ("this is = not toml\n", "is not valid TOML"),
        ("per_host = 0\n", "per_host must be at least 1"),
        ('transport = "fast"\n', "transport must be loop or threads"),
    ],
)
def test_bad_settings_file(tmp_path, text, says):
    (tmp_path / "verify.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert says in str(info.value)
    assert "verify.toml" in str(info.value)


def test_user_agent_names_the_tool_and_the_contact_when_set():
    from verify.web.client import default_user_agent

    plain = default_user_agent(Settings())
    assert plain.startswith("verify/") and plain.endswith("(source-claim verification)")
    named = default_user_agent(Settings(contact_url="https://stockholm.se/kontakt"))
    assert named.endswith("(source-claim verification; +https://stockholm.se/kontakt)")
    assert "Mozilla" in default_user_agent(Settings(browser_user_agent=True))


def test_ca_bundle_in_verify_toml_is_relative_to_the_case(tmp_path):
    (tmp_path / "verify.toml").write_text('ca_bundle = "proxy-ca.pem"\n', encoding="utf-8")
    assert load_settings(tmp_path).ca_bundle == str(tmp_path / "proxy-ca.pem")
    assert Settings().ca_bundle is None
    (tmp_path / "verify.toml").write_text("ca_bundle = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ca_bundle must be"):
        load_settings(tmp_path)
