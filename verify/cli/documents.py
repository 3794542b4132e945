"""`verify document ...`: the documents read into the case."""

from __future__ import annotations

import click
from rich.table import Table

from ..steps.documents import list_documents, withdraw_document
from .app import case_options, cli, console, emit_json, open_from


@cli.group("document")
def document_group() -> None:
    """List the documents read into the case, or withdraw one read by mistake."""


@document_group.command("list")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
def document_list_command(case, officer, as_json) -> None:
    """List the documents (withdrawn ones are marked)."""
    with open_from(case, officer) as ctx:
        documents = list_documents(ctx)
    if as_json:
        emit_json([d.to_dict() for d in documents])
        return
    if not documents:
        console().print("No documents yet: `verify extract MOTION`.")
        return
    table = Table(title=f"Documents ({len(documents)})")
    for column in ("id", "file", "status", "pages", "sha256"):
        table.add_column(column, overflow="fold")
    for d in documents:
        status = d.status if d.status != "withdrawn" else f"withdrawn: {d.status_reason}"
        table.add_row(d.id, d.file_name, status, str(d.pages), d.sha256[:16] + "…")
    console().print(table)


@document_group.command("withdraw")
@click.argument("document_id")
@click.option("--because", required=True, help="Why the document is withdrawn.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
def document_withdraw_command(document_id, because, case, officer, as_json) -> None:
    """Withdraw a document read by mistake: its candidate sources leave the register,
    confirmed ones stay (you accepted them). Nothing is deleted."""
    with open_from(case, officer) as ctx:
        report = withdraw_document(ctx, document_id, because)
    if as_json:
        emit_json(report.to_dict())
        return
    con = console()
    con.print(f"Withdrew {report.document.id} ({report.document.file_name}).", markup=False)
    if report.withdrawn_sources:
        con.print("Candidate sources withdrawn with it: " + ", ".join(report.withdrawn_sources))
    if report.kept_sources:
        con.print(
            "Confirmed sources it mentions stay in the register: "
            + ", ".join(report.kept_sources)
            + " (reject them with `verify source reject` if they should go too)."
        )
