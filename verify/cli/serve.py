"""`verify serve`: the officer's desk, the whole case in a browser (verify/serve)."""

from __future__ import annotations

import webbrowser

import click

from .app import AppState, case_options, case_path, cli


@cli.command("serve")
@case_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this computer's own is warned about.",
)
@click.option(
    "--port",
    default=0,
    type=click.IntRange(0, 65535),
    show_default=True,
    help="Port to listen on (0: a free one).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser; just print the URL.")
def serve_command(case, officer, host, port, no_browser) -> int:  # fmt: skip
    """Start the officer's desk: the case in a browser, in Swedish (English on a switch).

    The first line printed is the address to open, with this start's access token in it.
    Ctrl-C stops the server; a check or archiving run still going is cancelled.
    """
    from ..serve import is_loopback, prepare  # starlette and uvicorn only when serving

    state: AppState = click.get_current_context().find_object(AppState) or AppState()
    extra = {"resolver": state.resolver} if state.resolver is not None else {}
    try:
        server = prepare(case_path(case), host=host, port=port, officer=officer or state.officer,
                         clock=state.clock, **extra)  # fmt: skip
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(server.url)
    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host}, so other computers on the network can reach this "
            "desk; anyone with the address above (and its token) can change the case.",
            err=True,
        )
    if not no_browser:
        webbrowser.open(server.url)
    server.run()
    return 0
