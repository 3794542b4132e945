"""`verify init` and `verify log`."""

from __future__ import annotations

import click
from rich.table import Table

from ..steps.case import event_log, init_case, verify_log
from .app import EXIT_PROBLEM, AppState, case_options, case_path, cli, console, emit_json, open_from


@cli.command("init")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=str))
@click.option("--title", help="What the case is about, e.g. the motion's title.")
@click.option("--dnr", help='The case designation (diarienummer), e.g. "KS 2023/1387".')
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="The case's date (used by checks).")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language of notes (default sv).")
@click.option("--officer", help="The officer handling the case (recorded on every event).")
@click.option("--json", "as_json", is_flag=True, help="Print the case as JSON.")
@click.pass_obj
def init_command(
    state: AppState,
    directory: str | None,
    title: str | None,
    dnr: str | None,
    date_: str | None,
    lang: str | None,
    officer: str | None,
    as_json: bool,
) -> None:
    """Make a case folder with cache/ (the store) and reports/ (the notes).

    DIRECTORY defaults to --case, $VERIFY_CASE or the current folder.
    """
    path = case_path(directory)
    with init_case(
        path,
        title=title,
        dnr=dnr,
        date=date_,
        lang=lang,
        officer=officer or state.officer,
        clock=state.clock,
    ) as ctx:
        case = ctx.case
    if as_json:
        emit_json({"path": str(path), "case": case.to_dict()})
        return
    out = console()
    out.print(f"Made a case in [bold]{path}[/bold]")
    for label, value in (("title", case.title), ("dnr", case.dnr), ("date", case.date)):
        if value:
            out.print(f"  {label}: {value}")
    out.print(f"  language: {case.lang}, time zone: {case.timezone}")
    out.print("Next: `verify extract MOTION` or `verify source add URL`.")


@cli.command("log")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.option(
    "--verify", "check", is_flag=True, help="Check the hash chain; exit 1 if it is broken."
)
def log_command(case: str | None, officer: str | None, as_json: bool, check: bool) -> int:
    """Show the case's event log: who did what, when. --verify checks that nothing changed."""
    with open_from(case, officer) as ctx:
        if check:
            report = verify_log(ctx)
            if as_json:
                emit_json(report.to_dict())
            elif report.ok:
                console().print(f"The event log is intact: {report.events} events, chain verified.")
            else:
                click.echo(f"The event log is broken: {report.problem}.", err=True)
            return 0 if report.ok else EXIT_PROBLEM
        events = event_log(ctx)
    if as_json:
        emit_json([e.to_dict() for e in events])
        return 0
    table = Table(title="Event log", show_lines=False)
    for column in ("#", "when (UTC)", "who", "command", "ids", "changes"):
        table.add_column(column, overflow="fold")
    for event in events:
        changes = "; ".join(
            f"{c['id']}.{c['field']}: {c['before']!r} → {c['after']!r}" for c in event.changes
        )
        table.add_row(
            str(event.seq), event.at, event.actor, event.command, " ".join(event.ids), changes
        )
    console().print(table)
    return 0
