"""`verify run`: from a motion to the note in one command."""

from __future__ import annotations

from pathlib import Path

import click

from ..steps.run import run_motion
from .app import AppState, case_path, cli, console, emit_json


@cli.command("run")
@click.argument("motion", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="The date checked (default: the case's date, else today).")  # fmt: skip
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language of the note.")
@click.option("--accept", is_flag=True, help="Confirm the sources found (default: candidates).")
@click.option("--allow-private", is_flag=True, default=None,
              help="Allow URLs on private or loopback addresses (refused by default).")  # fmt: skip
@click.option("--case", "case", default=None, type=click.Path(file_okay=False, path_type=str),
              help="The case folder, made if needed (default: $VERIFY_CASE or here).")  # fmt: skip
@click.option("--officer", default=None, help="Name recorded as who did this.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_obj
def run_command(state: AppState, motion, date_, lang, accept, allow_private, case, officer,
                as_json) -> int:  # fmt: skip
    """Extract, check, archive, assess and write the note on MOTION, in one go.

    Ends with the paths of the note and the auditor's report. The case folder is made if
    there is none; the suggested verdicts are marked as suggestions until you record your own
    with `verify verdict`.
    """
    out = console()
    progress = None if as_json else (lambda message: out.print(f"• {message}", markup=False))
    result = run_motion(
        case_path(case),
        motion,
        date=date_,
        lang=lang,
        accept=accept,
        officer=officer or state.officer,
        overrides={"allow_private": True} if allow_private else None,
        clock=state.clock,
        progress=progress,
        **({"resolver": state.resolver} if state.resolver is not None else {}),
    )
    if as_json:
        emit_json(result.to_dict())
        return 0
    for warning in result.checks_warnings + result.warnings:
        out.print(f"Warning: {warning}", markup=False)
    for check in result.checks:
        out.print(f"  {check['source']} {check['method']} {check['as_of']}: {check['status']}",
                  markup=False)  # fmt: skip
    if result.suggested:
        verdicts = ", ".join(f"{k} {v or 'none'}" for k, v in result.suggested.items())
        out.print(f"Verdicts (suggested unless you recorded one): {verdicts}", markup=False)
        out.print("Review the sources with `verify source list`, record your decision with "
                  "`verify verdict S1 ... --because ...`, then `verify note` again.",
                  markup=False)  # fmt: skip
    out.print(f"Note:   {result.note}", markup=False)
    out.print(f"Word:   {result.note_docx}", markup=False)
    out.print(f"Report: {result.report}", markup=False)
    return 0
