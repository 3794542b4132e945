"""The command-line interface. Nothing in the library imports it.

``main(argv) -> int`` runs one command in-process and returns its exit code; the console script
``verify`` and ``python -m verify`` call :func:`console_main`.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import click

from ..errors import Interrupted, VerifyError, storage_error
from ..timeutil import Clock
from ..web.policy import Resolver
from .app import EXIT_INTERRUPTED, EXIT_STORE, EXIT_USAGE, AppState, cli, exit_code_for

__all__ = ["cli", "console_main", "main"]


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    resolver: Resolver | None = None,
) -> int:
    """Run `verify` with ``argv``; errors become one line on stderr and an exit code.

    ``clock`` and ``resolver`` replace the system's (tests pass a fixed clock, or a resolver
    that fails every name to simulate a computer without network)."""
    _tolerant_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    state = AppState()
    if clock is not None:
        state.clock = clock
    state.resolver = resolver
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="verify", standalone_mode=False, obj=state)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, Interrupted):
            click.echo(f"Interrupted: {cause.message.removeprefix('interrupted: ')}", err=True)
        elif isinstance(cause, KeyboardInterrupt):
            click.echo("Interrupted; what was finished is stored.", err=True)
        else:
            click.echo("Aborted.", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted):
            click.echo(f"Interrupted: {exc.message.removeprefix('interrupted: ')}", err=True)
        else:
            click.echo("Interrupted; what was finished is stored.", err=True)
        return EXIT_INTERRUPTED
    except VerifyError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        return exit_code_for(exc)
    except OSError as exc:  # a file-system failure nobody turned into a VerifyError
        if debug:
            traceback.print_exc()
        error = storage_error(exc, exc.filename or ".")
        click.echo(f"Error: {error}", err=True)
        return EXIT_STORE
    return result if isinstance(result, int) else 0


def _tolerant_streams() -> None:
    """Let a console that is not UTF-8 (Windows cp1252/cp850, ascii) show what it can: a
    character it cannot encode becomes "?" instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or special stream: leave it
                pass


def console_main() -> None:
    """Entry point of the console script."""
    sys.exit(main())
