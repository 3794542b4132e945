"""The desk's shared machinery: the open case, page rendering, forms and their errors.

Every request opens its own :class:`~verify.steps.case.CaseContext` (SQLite connections are
not shared across threads) and closes it when done. A form's action calls one step function;
a :class:`~verify.errors.VerifyError` becomes the page again with the one-line message and an
HTTP status, and a form based on what another tab has changed since is refused as
:class:`Stale` (409) instead of overwriting it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import (
    ArchiveFormatError,
    CaseNotFoundError,
    DocumentError,
    InputError,
    Interrupted,
    ServiceError,
    StoreBusyError,
    StoreError,
    UnknownIdError,
    UnknownSnapshotError,
    UnknownSourceError,
    VerifyError,
)
from ..notes.catalog import CATALOG
from ..steps.case import CaseContext, open_case
from ..steps.report import report_words
from ..timeutil import Clock, system_clock
from ..web.policy import Resolver, system_resolver
from .jobs import JobBusy, Jobs
from .security import BodyTooLarge, Keys
from .words import REFUSALS, word

__all__ = [
    "LANG_COOKIE",
    "MAX_UPLOAD",
    "Desk",
    "Stale",
    "action",
    "page",
    "redirect",
    "status_for",
    "without_case",
]

#: The largest request body the desk reads (a motion as PDF or docx, with room to spare).
MAX_UPLOAD = 50 * 1024 * 1024
LANG_COOKIE = "verify-desk-lang"
PLAIN = "text/plain; charset=utf-8"


class Stale(Exception):
    """The form was filled in from data another request has changed since."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what}: {detail}")
        self.what = what
        self.detail = detail


@dataclass
class Desk:
    """Everything the routes share: where the case is, the secrets, the runs."""

    case_path: Path
    keys: Keys
    port: int
    officer: str | None = None
    clock: Clock = system_clock
    resolver: Resolver = system_resolver
    #: Held while a form compares what it saw with the store and writes: two tabs that
    #: submit at once take turns, and the second sees the first one's change.
    lock: threading.Lock = field(default_factory=threading.Lock)
    flashes: dict[str, str] = field(default_factory=dict)
    _flash_lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: Jobs = field(init=False)
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.jobs = Jobs(self.open)
        self.env = Environment(
            loader=PackageLoader("verify.serve", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def open(self, cancel: threading.Event | None = None) -> CaseContext:
        ctx = open_case(
            self.case_path, officer=self.officer, clock=self.clock, resolver=self.resolver
        )
        ctx.cancel = cancel
        return ctx

    def has_case(self) -> bool:
        return (self.case_path / "cache" / "verify.sqlite3").is_file()

    def flash(self, text: str) -> str:
        """Keep a message for the page a redirect leads to; return its key."""
        key = secrets.token_urlsafe(8)
        with self._flash_lock:
            while len(self.flashes) >= 100:  # tabs that never came back
                self.flashes.pop(next(iter(self.flashes)))
            self.flashes[key] = text
        return key

    def take_flash(self, key: str | None) -> str | None:
        if not key:
            return None
        with self._flash_lock:
            return self.flashes.pop(key, None)


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


def lang_of(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in ("sv", "en") else "sv"


def status_for(error: BaseException) -> int:
    """The HTTP status for an error a step raised (cf. the CLI's exit codes)."""
    if isinstance(error, UnknownIdError | UnknownSourceError | UnknownSnapshotError):
        return 404
    if isinstance(error, CaseNotFoundError):
        return 404
    if isinstance(error, InputError):
        return 400
    if isinstance(error, Stale | JobBusy | Interrupted):
        return 409
    if isinstance(error, DocumentError | ArchiveFormatError):
        return 422
    if isinstance(error, StoreBusyError):
        return 503
    if isinstance(error, StoreError):
        return 500
    if isinstance(error, ServiceError):
        return 502
    if isinstance(error, BodyTooLarge):
        return 413
    return 500


def message_for(error: BaseException, lang: str) -> str:
    if isinstance(error, Stale):
        return word(lang, "msg.stale", what=error.what, detail=error.detail)
    if isinstance(error, JobBusy):
        return word(lang, "msg.busy")
    if isinstance(error, BodyTooLarge):
        return word(lang, "msg.toolarge", mb=MAX_UPLOAD // (1024 * 1024))
    if isinstance(error, Interrupted):
        return error.message
    return str(error)


NAV = (
    ("case", "/case"),
    ("sources", "/sources"),
    ("control", "/control"),
    ("evidence", "/evidence"),
    ("note", "/note"),
    ("audit", "/audit"),
)


def render(
    request: Request,
    template: str,
    *,
    current: str,
    title: str,
    status: int = 200,
    error: str | None = None,
    form: FormData | dict[str, Any] | None = None,
    **values: Any,
) -> HTMLResponse:
    """A page of the desk in the officer's language."""
    desk = desk_of(request)
    lang = lang_of(request)
    flash = desk.take_flash(request.query_params.get("flash"))
    words = report_words(lang)
    html = desk.env.get_template(template).render(
        lang=lang,
        other_lang="en" if lang == "sv" else "sv",
        t=lambda key, **v: word(lang, key, **v),
        nw=words["w"],
        has=lambda key: key in CATALOG[lang],
        csrf=desk.keys.csrf,
        nav=NAV,
        current=current,
        title=title,
        path=request.url.path,
        flash=flash,
        error=error,
        form=form or {},
        v=lambda name, default="": _value(form, name, default),
        officer=values.pop("officer", None),
        **{k: v for k, v in words.items() if k != "w"},
        **values,
    )
    return HTMLResponse(html, status_code=status)


def render_case(request: Request, ctx: CaseContext, template: str, **values: Any) -> HTMLResponse:
    """:func:`render` for a page about the case: its officer and case details come along."""
    return render(request, template, officer=ctx.actor, case=ctx.case, **values)


def page(func: Callable[..., Response]) -> Callable[[Request], Awaitable[Response]]:
    """A GET route: ``func(request, ctx, error=, form=, status=)`` on a freshly opened case,
    in a thread."""

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(show, request, func)

    return endpoint


def without_case(func: Callable[..., Response]) -> Callable[..., Response]:
    """Mark a page that is shown (with ``ctx=None``) where there is no case yet."""
    func.without_case = True  # type: ignore[attr-defined]
    return func


def show(request: Request, func: Callable[..., Response], **kw: Any) -> Response:
    """Run a page function on a freshly opened case; an error is the error page. Where there
    is no case yet, every page but the one that makes it sends the officer there."""
    desk = desk_of(request)
    if not desk.has_case():
        if getattr(func, "without_case", False):
            return func(request, None, **kw)
        return redirect(request, "/case")
    try:
        with desk.open() as ctx:
            return func(request, ctx, **kw)
    except VerifyError as exc:
        lang = lang_of(request)
        message = message_for(exc, lang)
        if kw.get("error"):  # the page itself fails too: say both
            message = f"{kw['error']} {message}"
        return render(
            request, "error.html.j2", current="", title=word(lang, "page.error"),
            status=kw.get("status") or status_for(exc), error=message,
        )  # fmt: skip


def _value(form: FormData | dict[str, Any] | None, name: str, default: Any = "") -> Any:
    """What the officer typed into ``name`` (a form shown again), else ``default``."""
    if form is not None and name in form:
        value = form.get(name)
        return value if isinstance(value, str) else default
    return "" if default is None else default


def redirect(request: Request, path: str, flash: str | None = None) -> RedirectResponse:
    if flash:
        key = desk_of(request).flash(flash)
        path, hash_, fragment = path.partition("#")
        path = f"{path}{'&' if '?' in path else '?'}{urlencode({'flash': key})}{hash_}{fragment}"
    return RedirectResponse(path, status_code=303)


#: An action: ``action(request, desk, form, lang) -> Response`` (runs in a thread).
Action = Callable[[Request, Desk, FormData, str], Response]


def action(
    back: Callable[..., Response] | None,
) -> Callable[[Action], Callable[[Request], Awaitable[Response]]]:
    """A POST route: read the form, check its CSRF token, run ``func`` in a thread.

    A step's error (or a stale form) shows the page ``back`` again, with the message, the
    values the officer typed, and the HTTP status for the error."""

    def wrap(func: Action) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            desk = desk_of(request)
            lang = lang_of(request)
            try:
                form = await request.form(max_files=2, max_fields=400)
            except BodyTooLarge as exc:
                return _refused(request, back, exc, lang)
            except MultiPartException as exc:
                text = f"{REFUSALS['400']} {exc.message}"
                return Response(text, status_code=400, media_type=PLAIN)
            try:
                given = str(form.get("csrf") or "")
                if not hmac.compare_digest(given.encode(), desk.keys.csrf.encode()):
                    return Response(REFUSALS["csrf"], status_code=403, media_type=PLAIN)
                try:
                    return await run_in_threadpool(func, request, desk, form, lang)
                except (VerifyError, Stale, JobBusy, Interrupted) as exc:
                    return await run_in_threadpool(_refused, request, back, exc, lang, form)
            finally:
                await form.close()

        return endpoint

    return wrap


def _refused(
    request: Request,
    back: Callable[..., Response] | None,
    error: BaseException,
    lang: str,
    form: FormData | None = None,
) -> Response:
    status = status_for(error)
    message = message_for(error, lang)
    if back is None:
        return render(request, "error.html.j2", current="", title=word(lang, "page.error"),
                      status=status, error=message)  # fmt: skip
    return show(request, back, error=message, form=form, status=status)


def field_text(form: FormData, name: str) -> str | None:
    """A text field, stripped; None when absent or empty."""
    value = form.get(name)
    if value is None or not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def require_case(desk: Desk) -> None:
    if not desk.has_case():
        raise CaseNotFoundError(desk.case_path)


def run_locked(desk: Desk, work: Callable[[CaseContext], Any]) -> Any:
    """Open the case and run ``work`` while holding the desk's write lock."""
    require_case(desk)
    with desk.lock, desk.open() as ctx:
        return work(ctx)
