"""`verify report`: the auditor's HTML report."""

from __future__ import annotations

from pathlib import Path

import click

from ..steps.report import write_report
from .app import case_options, cli, console, emit_json, open_from


@cli.command("report")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: reports/report.html).")  # fmt: skip
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language (default: the case's).")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the path as JSON.")
def report_command(output, lang, case, officer, as_json) -> int:
    """Write one self-contained HTML report for auditors: every source, check, snapshot,
    piece of evidence, verdict and event, with whether each snapshot verifies now."""
    with open_from(case, officer) as ctx:
        path = write_report(ctx, output, lang=lang)
    if as_json:
        emit_json({"report": str(path)})
    else:
        console().print(f"Wrote {path}", markup=False)
    return 0
