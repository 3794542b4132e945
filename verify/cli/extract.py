"""`verify extract`: the sources and claims a document cites."""

from __future__ import annotations

import click
from rich.table import Table

from ..steps.extract import extract_document
from .app import case_options, cli, console, emit_json, open_from


@cli.command("extract")
@click.argument("document", type=click.Path(dir_okay=True, path_type=str))
@click.option("--accept", is_flag=True, help="Confirm what is found (default: candidates).")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON.")
def extract_command(document, accept, case, officer, as_json) -> int:
    """Find the sources and claims DOCUMENT cites (txt, md, html, pdf, docx) and record them.

    They are recorded as candidates: confirm them with `verify source confirm` (or pass
    --accept). Running it again on the same document adds nothing twice.
    """
    from pathlib import Path

    with open_from(case, officer) as ctx:
        report = extract_document(ctx, Path(document), accept=accept)
    if as_json:
        emit_json(report.to_dict())
        return 0
    out = console()
    for warning in report.warnings:
        out.print(f"[yellow]Warning:[/yellow] {warning}", markup=True, highlight=False)
    if report.document is None:
        return 0
    doc = report.document
    table = Table(title=f"{doc.file_name} ({doc.id}, {doc.pages} page(s))")
    for column in ("id", "kind", "sender / work", "claim", "where"):
        table.add_column(column, overflow="fold")
    for source in report.sources:
        sender = source.organisation or source.publisher or ""
        if source.acronym and source.acronym not in sender:
            sender = f"{sender} ({source.acronym})" if sender else source.acronym
        work = source.title or source.designation or source.url or ""
        label = "; ".join(x for x in (sender, work) if x)
        if source.vague:
            label = f"{label} [source not specified]".strip()
        claim = source.claims[0].text if source.claims else ""
        if len(source.claims) > 1:
            claim += f" (+{len(source.claims) - 1})"
        where = ", ".join(
            f"p. {m.page} l. {m.line}" + (f" fn {m.footnote}" if m.footnote else "")
            for m in source.mentions[:3]
        )
        new = "" if source.id in report.new_sources else " (known)"
        table.add_row(source.id + new, str(source.kind), label, claim, where)
    out.print(table)
    if report.case_designations:
        out.print("The case's own designations: " + ", ".join(report.case_designations))
    if report.new_sources and not accept:
        out.print("Confirm with `verify source confirm S1 ...` or `--all`.")
    return 0
