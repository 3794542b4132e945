"""Settings: the defaults in one place, overridden by verify.toml, overridden by flags.

``Settings()`` holds every default. :func:`load_settings` reads the optional ``verify.toml``
in the case folder, which overrides only the keys it sets, then applies the overrides the
command line passes. Unknown keys and values of the wrong type are errors that name the key.

The module reads a file only in :func:`load_settings`; everything else is pure.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

__all__ = ["SETTINGS_FILE", "Settings", "load_settings"]

SETTINGS_FILE = "verify.toml"

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Settings:
    """Every setting verify reads, with its default."""

    # The case
    lang: str = "sv"
    timezone: str = "Europe/Stockholm"
    officer: str | None = None
    # The note's header block (a tjänsteutlåtande's): the nämnd and the förvaltning
    board: str | None = None  # e.g. "Socialnämnden"
    administration: str | None = None  # e.g. "Socialförvaltningen"

    # The store
    lock_timeout: float = 30.0  # seconds a writer waits for another process

    # The HTTP client (check, archive, findings)
    user_agent: str = "verify/{version} (source-claim verification{contact})"
    contact_url: str = ""  # e.g. the organisation's web page; sent in the User-Agent when set
    browser_user_agent: bool = False
    allow_private: bool = False
    dns_control_host: str = "example.com"  # must resolve, or "no such domain" means offline
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # total seconds for one request, redirects included
    max_body: int = 50 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    retry_after_cap: float = 30.0
    # Politeness: at most per_host connections to one host (host and port) at once, and a
    # slot rests host_delay seconds between two checks (0: per_host alone is the limit, as
    # lychee's and LinkChecker's own per-host limits are).
    per_host: int = 4
    host_delay: float = 0.0
    # Checks at once in all (threads across the processes), and the processes that check a
    # large live check, this one included (0: one per CPU, up to 4, when there are at least 300
    # URLs on two or more hosts; 1: every check in this process; 2: this one and a worker).
    workers: int = 96
    processes: int = 0
    # How many live checks wait on the network: "loop" (one event loop per process, the
    # default) or "threads" (a thread per check in flight, as a check of past dates is made).
    transport: str = "loop"
    # A PEM file (or folder of hashed PEM files) of CA certificates trusted in addition to the
    # default bundle, e.g. the CA of an organisation's proxy that re-signs TLS. In verify.toml a
    # relative path is relative to the case folder.
    ca_bundle: str | None = None

    # Web archives and other services
    cdx_endpoint: str = "https://web.archive.org/cdx/search/cdx"
    wayback_prefix: str = "https://web.archive.org/web/"
    memento_timegates: tuple[str, ...] = ("https://timetravel.mementoweb.org/timegate/",)
    search_endpoint: str | None = None  # a SearXNG instance, e.g. http://localhost:8888
    spn_endpoint: str = "https://web.archive.org/save"
    # An RFC 3161 time-stamp authority for exported WACZ packages (e.g.
    # "https://freetsa.org/tsr"); without one, exports are signed but not time-stamped.
    timestamp_url: str | None = None
    # PEM file of the certificates a time stamp's authority must chain to, besides the default
    # CA list (certifi's). In verify.toml a relative path is relative to the case folder.
    timestamp_roots: str | None = None

    # Publishing
    # The stable public address of the published note: ClaimReview's required `url`.
    publish_url: str | None = None

    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ConfigError("settings", f"lang must be one of {', '.join(LANGUAGES)}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError("settings", f"unknown time zone {self.timezone!r}") from exc
        for name in ("connect_timeout", "read_timeout", "deadline", "lock_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError("settings", f"{name} must be greater than 0")
        for name in ("max_body", "per_host", "workers"):
            if getattr(self, name) < 1:
                raise ConfigError("settings", f"{name} must be at least 1")
        if self.processes < 0:
            raise ConfigError("settings", "processes must be 0 (automatic) or more")
        if self.transport not in ("loop", "threads"):
            raise ConfigError("settings", "transport must be loop or threads")

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (``None`` values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def public(self) -> dict[str, Any]:
        """The settings as plain data (for the WARC's warcinfo and `--json`)."""
        data = dataclasses.asdict(self)
        data.pop("extra", None)
        data["memento_timegates"] = list(self.memento_timegates)
        return data


def _coerce(name: str, value: Any, path: Path) -> Any:
    """Check a value read from TOML against the type of its default."""
    spec = {f.name: f for f in fields(Settings)}[name]
    default = spec.default
    if name == "memento_timegates":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(path, f"{name} must be a list of URLs")
        return tuple(value)
    if name in ("timestamp_url", "publish_url"):
        if not isinstance(value, str) or not value.startswith(("http://", "https://")):
            raise ConfigError(path, f"{name} must be an http(s) URL")
        return value
    if name == "timestamp_roots":
        if not isinstance(value, str) or not value:
            raise ConfigError(path, f"{name} must be the path of a PEM file")
        return str(path.parent / value)
    if name in ("officer", "search_endpoint", "board", "administration"):
        if not isinstance(value, str):
            raise ConfigError(path, f"{name} must be a string")
        return value
    if name == "ca_bundle":
        if not isinstance(value, str) or not value:
            raise ConfigError(path, f"{name} must be the path of a PEM file")
        return str(path.parent / value)  # an absolute value stays as it is
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(path, f"{name} must be true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(path, f"{name} must be a whole number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(path, f"{name} must be a number")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(path, f"{name} must be a string")
    return value


def read_settings_file(path: Path) -> dict[str, Any]:
    """The keys a verify.toml sets, checked; an absent file sets none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"is not valid TOML ({exc})") from exc
    known = {f.name for f in fields(Settings)} - {"extra"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(path, f"unknown setting {key!r}")
        out[key] = _coerce(key, value, path)
    return out


def load_settings(case_dir: Path | None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then ``case_dir/verify.toml``, then ``overrides`` (``None`` values skipped)."""
    values: dict[str, Any] = {}
    source: Path | str = "settings"
    if case_dir is not None:
        source = case_dir / SETTINGS_FILE
        values.update(read_settings_file(source))
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = value
    try:
        return Settings(**values)
    except ConfigError as exc:
        raise ConfigError(source, exc.message.split(": ", 1)[-1]) from exc
