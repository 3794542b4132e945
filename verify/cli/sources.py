"""`verify source ...`: the register of cited sources."""

from __future__ import annotations

import click
from rich.table import Table

from ..models import SOURCE_EDITABLE_FIELDS, Source, SourceKind, SourceStatus
from ..steps.check import check_history
from ..steps.sources import (
    add_source,
    confirm_sources,
    edit_source,
    get_source,
    list_sources,
    merge_sources,
    reject_source,
)
from .app import case_options, cli, console, emit_json, open_from
from .check import describe_check

KINDS = [k.value for k in SourceKind]


@cli.group("source")
def source_group() -> None:
    """Add, list, show, edit, confirm and reject the sources a motion cites."""


def _field_options(func):
    for name, help_text in reversed(
        (
            ("--title", "Title of the work."),
            ("--org", "The organisation behind it (the sender)."),
            ("--acronym", "The organisation's acronym, e.g. CLDD."),
            ("--designation", 'An official designation, e.g. "SOU 2019:30".'),
            ("--publisher", "Who published it (e.g. a newspaper)."),
            ("--author", "Who wrote it."),
            ("--published", "Publication date, YYYY-MM-DD."),
            ("--note", "A note of your own."),
        )
    ):
        func = click.option(name, default=None, help=help_text)(func)
    return click.option("--kind", type=click.Choice(KINDS), default=None, help="What it is.")(func)


def _sources_table(sources: list[Source], title: str) -> Table:
    table = Table(title=title)
    for column in ("id", "status", "kind", "sender / title", "url or designation", "claims"):
        table.add_column(column, overflow="fold")
    for s in sources:
        sender = s.organisation or s.publisher or ""
        if s.acronym and s.acronym not in sender:
            sender = f"{sender} ({s.acronym})" if sender else s.acronym
        if s.title:
            sender = f"{sender}: {s.title}" if sender else s.title
        if s.vague:
            sender = f"{sender} [source not specified]".strip()
        where = s.url or s.designation or ""
        table.add_row(s.id, str(s.status), str(s.kind), sender, where, str(len(s.claims)))
    return table


def _show(source: Source, checks: list[dict]) -> None:
    out = console()
    out.print(f"[bold]{source.id}[/bold]  {source.label}  ({source.kind}, {source.status})")
    for name in (*SOURCE_EDITABLE_FIELDS, "domain", "status_reason"):
        if name == "kind":
            continue
        value = getattr(source, name)
        if value:
            out.print(f"  {name}: {value}")
    if source.claims:
        out.print("Claims:")
        for claim in source.claims:
            figures = ", ".join(q.text for q in claim.quantities)
            suffix = f"  [{figures}]" if figures else ""
            out.print(f"  {claim.id}: {claim.text}{suffix}", markup=False)
    if source.merged_into:
        out.print(
            f"  merged into {source.merged_into}: see `verify source show {source.merged_into}`"
        )
    if source.mentions:
        out.print("Mentions:")
        for m in source.mentions:
            where = ", ".join(
                x
                for x in (
                    m.document_id,
                    f"page {m.page}" if m.page else "",
                    f"line {m.line}" if m.line else "",
                    f"footnote {m.footnote}" if m.footnote else "",
                )
                if x
            )
            out.print(f"  {m.id} ({where}): {m.passage}", markup=False)
    own = [c for c in checks if not c.get("finding")]
    theirs = [c for c in checks if c.get("finding")]
    if own:
        out.print("Checks of the source's own address (oldest first):")
        for check in own:
            line = f"  {check['id']} {check['as_of']} {check['method']}: {describe_check(check)}"
            out.print(line, markup=False)
    if theirs:
        out.print("Secondary sources (their own addresses; see `verify finding show`):")
        for check in theirs:
            line = (
                f"  secondary source {check['finding']} checked {check['as_of']}: {check['status']}"
            )
            out.print(line, markup=False)


@source_group.command("add")
@click.argument("url", required=False)
@_field_options
@click.option("--claim", "claims", multiple=True, help="What the motion says it shows (repeat).")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the new source as JSON.")
def add_command(url, title, org, acronym, designation, publisher, author, published, note,
                kind, claims, case, officer, as_json) -> None:  # fmt: skip
    """Record a source by hand (it is confirmed: you added it)."""
    with open_from(case, officer) as ctx:
        source = add_source(
            ctx,
            url=url,
            title=title,
            organisation=org,
            acronym=acronym,
            kind=kind,
            designation=designation,
            publisher=publisher,
            author=author,
            published=published,
            claims=claims,
            note=note,
        )
    if as_json:
        emit_json(source.to_dict())
    else:
        console().print(f"Added {source.id}: {source.label}", markup=False)


@source_group.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in SourceStatus]),
    help="Only sources with this status (repeat for several).",
)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the sources as JSON.")
def list_command(statuses, case, officer, as_json) -> None:
    """List the case's sources."""
    with open_from(case, officer) as ctx:
        sources = list_sources(ctx, tuple(statuses) or None)
    if as_json:
        emit_json([s.to_dict() for s in sources])
    elif not sources and statuses:
        console().print(f"No {' or '.join(statuses)} sources.")
    elif not sources:
        console().print("No sources yet: `verify extract MOTION` or `verify source add URL`.")
    else:
        console().print(_sources_table(sources, f"Sources ({len(sources)})"))


@source_group.command("show")
@click.argument("source_id")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the source as JSON.")
def show_command(source_id, case, officer, as_json) -> None:
    """Show one source with its claims and mentions."""
    with open_from(case, officer) as ctx:
        source = get_source(ctx, source_id)
        checks = check_history(ctx, source.id)
    if as_json:
        emit_json({**source.to_dict(), "checks": checks})
    else:
        _show(source, checks)


@source_group.command("edit")
@click.argument("source_id")
@click.option("--url", default=None, help="The source's URL.")
@_field_options
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the source as JSON.")
def edit_command(source_id, url, title, org, acronym, designation, publisher, author,
                 published, note, kind, case, officer, as_json) -> None:  # fmt: skip
    """Change fields of a source; the old values are kept in the event log."""
    given = {
        "url": url,
        "title": title,
        "organisation": org,
        "acronym": acronym,
        "designation": designation,
        "publisher": publisher,
        "author": author,
        "published": published,
        "note": note,
        "kind": kind,
    }
    with open_from(case, officer) as ctx:
        source, changed = edit_source(
            ctx, source_id, {k: v for k, v in given.items() if v is not None}
        )
    if as_json:
        emit_json(source.to_dict())
    elif changed:
        console().print(f"Changed {changed} value(s) of {source.id}.")
    else:
        console().print(f"Nothing changed: {source.id} already has those values.")


@source_group.command("confirm")
@click.argument("source_ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Confirm every candidate.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the sources as JSON.")
def confirm_command(source_ids, all_, case, officer, as_json) -> None:
    """Confirm sources (the motion really cites them); they are then checked and archived."""
    with open_from(case, officer) as ctx:
        sources = confirm_sources(ctx, list(source_ids), all_candidates=all_)
    if as_json:
        emit_json([s.to_dict() for s in sources])
    elif not sources:
        console().print("There were no candidates to confirm.")
    else:
        console().print("Confirmed " + ", ".join(s.id for s in sources) + ".")


@source_group.command("reject")
@click.argument("source_id")
@click.option("--because", required=True, help="Why this is not a source the motion cites.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the source as JSON.")
def reject_command(source_id, because, case, officer, as_json) -> None:
    """Reject a source; it stays in the register with the reason."""
    with open_from(case, officer) as ctx:
        source = reject_source(ctx, source_id, because)
    if as_json:
        emit_json(source.to_dict())
    else:
        console().print(f"Rejected {source.id}: {source.status_reason}", markup=False)


@source_group.command("merge")
@click.argument("source_id")
@click.option("--into", "into", required=True, help="The source it is the same as.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the merged source as JSON.")
def merge_command(source_id, into, case, officer, as_json) -> None:
    """Merge a duplicate source into another: mentions, claims, checks, snapshots and findings
    move; the duplicate stays in the register pointing at the other."""
    with open_from(case, officer) as ctx:
        target = merge_sources(ctx, source_id, into)
    if as_json:
        emit_json(target.to_dict())
    else:
        console().print(f"Merged {source_id.upper()} into {target.id}.", markup=False)
