"""The officer's desk as an ASGI application: the routes of the six pages behind the gates of
:mod:`verify.serve.security`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..timeutil import Clock, system_clock
from ..web.policy import Resolver, system_resolver
from . import case_pages, control_pages, evidence_pages, output_pages, source_pages
from .desk import LANG_COOKIE, MAX_UPLOAD, Desk, action
from .security import Gate, Keys, allowed_hosts, new_keys

__all__ = ["create_app"]

STATIC = Path(__file__).with_name("static")


async def home(request: Request) -> Response:
    return RedirectResponse("/case", status_code=303)


async def no_icon(request: Request) -> Response:
    return Response(status_code=204)


@action(None)
def switch_language(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    chosen = form.get("to")
    target = str(form.get("next") or "/case")
    if not target.startswith("/") or target.startswith("//"):
        target = "/case"
    response = RedirectResponse(target, status_code=303)
    if chosen in ("sv", "en"):
        response.set_cookie(LANG_COOKIE, str(chosen), httponly=True, samesite="strict")
    return response


def create_app(
    case_path: Path,
    *,
    port: int,
    host: str = "127.0.0.1",
    officer: str | None = None,
    keys: Keys | None = None,
    clock: Clock = system_clock,
    resolver: Resolver = system_resolver,
    max_body: int = MAX_UPLOAD,
) -> tuple[Any, Desk]:
    """The desk for the case in ``case_path``, as reached on ``host:port``.

    Returns the ASGI application (the gates around Starlette) and the :class:`Desk` it
    shares (its keys, its runs)."""
    desk = Desk(Path(case_path), keys or new_keys(), port, officer, clock, resolver)
    routes: list[Any] = [Route("/", home, methods=["GET"])]
    routes.append(Route("/lang", switch_language, methods=["POST"]))
    routes.append(Route("/favicon.ico", no_icon, methods=["GET"]))
    for module in (case_pages, source_pages, control_pages, evidence_pages, output_pages):
        for path, endpoint, methods in module.ROUTES:
            routes.append(Route(path, endpoint, methods=methods))
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    app = Starlette(routes=routes)
    app.state.desk = desk
    gate = Gate(app, desk.keys, port, allowed_hosts(host, port), max_body)
    return gate, desk
