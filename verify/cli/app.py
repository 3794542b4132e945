"""The `verify` command group, shared options, output helpers and the error boundary.

Exit codes (documented in README):

====  ==========================================================================
0     done
1     the job found a problem (a broken event chain, a failed audit)
2     usage error or bad input (unknown id, invalid URL or date, bad setting)
3     store error (no case here, damaged, foreign or newer store, busy, read-only)
4     a document or archive file could not be read
5     a web service verify depends on failed
130   interrupted
====  ==========================================================================
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from .._version import __version__
from ..errors import (
    ArchiveFormatError,
    DocumentError,
    InputError,
    ServiceError,
    StoreError,
    VerifyError,
)
from ..steps.case import CaseContext, open_case
from ..timeutil import Clock, system_clock

__all__ = [
    "EXIT_CODES",
    "AppState",
    "case_options",
    "cli",
    "console",
    "emit_json",
    "exit_code_for",
    "open_from",
]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_FILE = 4
EXIT_SERVICE = 5
EXIT_INTERRUPTED = 130

EXIT_CODES: tuple[tuple[type[VerifyError], int], ...] = (
    (InputError, EXIT_USAGE),
    (StoreError, EXIT_STORE),
    (DocumentError, EXIT_FILE),
    (ArchiveFormatError, EXIT_FILE),
    (ServiceError, EXIT_SERVICE),
)


def exit_code_for(error: VerifyError) -> int:
    for kind, code in EXIT_CODES:
        if isinstance(error, kind):
            return code
    return EXIT_PROBLEM


@dataclass
class AppState:
    """What the group options set, passed to every command through click's context."""

    case: str | None = None
    officer: str | None = None
    debug: bool = False
    clock: Clock = system_clock
    resolver: Any = None  # how names are resolved (tests give their own); None: the system's


def console() -> Console:
    """A console for this invocation (never module-level, so output goes where it should)."""
    stream = sys.stdout
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(file=stream, highlight=False, width=None if is_tty else 120)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def case_options(func: F) -> F:
    """``--case`` and ``--officer`` on a command (they may also be given before it)."""
    func = click.option(
        "--officer",
        "officer",
        default=None,
        help="Name recorded as who did this (default: the case's officer, else your user name).",
    )(func)
    func = click.option(
        "--case",
        "case",
        default=None,
        type=click.Path(file_okay=False, path_type=str),
        help="The case folder (default: $VERIFY_CASE, else the current folder).",
    )(func)
    return func


def case_path(case: str | None) -> Path:
    state: AppState = click.get_current_context().find_object(AppState) or AppState()
    chosen = case or state.case or os.environ.get("VERIFY_CASE") or "."
    return Path(chosen)


def open_from(
    case: str | None, officer: str | None, overrides: dict[str, Any] | None = None
) -> CaseContext:
    """Open the case the options name, with the state's clock."""
    state: AppState = click.get_current_context().find_object(AppState) or AppState()
    extra = {"resolver": state.resolver} if state.resolver is not None else {}
    return open_case(
        case_path(case),
        officer=officer or state.officer,
        overrides=overrides,
        clock=state.clock,
        **extra,
    )


#: The module that defines each command: a command's module is imported when the command is
#: run or listed in help, so ``verify check`` does not load the libraries of ``verify note``.
COMMAND_MODULES = {
    "archive": "snapshots",
    "assess": "evidence",
    "audit": "snapshots",
    "check": "check",
    "document": "documents",
    "export": "snapshots",
    "extract": "extract",
    "finding": "evidence",
    "import": "snapshots",
    "init": "case",
    "log": "case",
    "note": "note",
    "report": "report",
    "run": "run",
    "search": "evidence",
    "serve": "serve",
    "snapshot": "snapshots",
    "source": "sources",
    "verdict": "evidence",
    "verify-wacz": "snapshots",
}


class LazyGroup(click.Group):
    """The top-level group: commands are imported from :data:`COMMAND_MODULES` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if cmd_name not in self.commands and module is not None:
            importlib.import_module(f"{__package__}.{module}")  # registers its commands
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="verify")
@click.option(
    "--case",
    default=None,
    type=click.Path(file_okay=False, path_type=str),
    help="The case folder (default: $VERIFY_CASE, else the current folder).",
)
@click.option("--officer", default=None, help="Name recorded as who did this.")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, case: str | None, officer: str | None, verbose: int, debug: bool):
    """Check the sources a motion cites, keep the evidence, and write the reliability note.

    Start with `verify init` in a new case folder, or `verify run MOTION` to do everything.
    """
    state = ctx.ensure_object(AppState)
    state.case = case
    state.officer = officer
    state.debug = debug
    if verbose:
        level = logging.DEBUG if verbose > 1 else logging.INFO
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        package_logger = logging.getLogger("verify")
        package_logger.addHandler(handler)
        package_logger.setLevel(level)
        ctx.call_on_close(lambda: package_logger.removeHandler(handler))
