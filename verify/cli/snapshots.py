"""`verify archive`, `verify snapshot ...`, `verify audit`, `verify export`, `verify import`."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.table import Table

from ..steps.archive import archive_sources
from ..steps.audit import audit_case
from ..steps.imports import import_archive
from ..steps.note import export_claimreview
from ..steps.snapshots import (
    diff_snapshots,
    get_snapshot,
    list_snapshots,
    open_snapshot,
    snapshot_meta,
    snapshot_text,
)
from ..steps.wacz import check_wacz_in, export_wacz
from .app import EXIT_PROBLEM, AppState, case_options, cli, console, emit_json, open_from

_SHOW_CHARS = 600


def _size(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return str(n)


@cli.command("archive")
@click.argument("source_ids", nargs=-1)
@click.option(
    "--allow-private/--no-allow-private",
    default=None,
    help="Allow URLs on private or loopback addresses (overrides the setting).",
)
@click.option("--spn", is_flag=True, help="Also ask the Internet Archive's Save Page Now.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the outcomes as JSON.")
def archive_command(source_ids, allow_private, spn, case, officer, as_json) -> int:
    """Fetch sources and keep WARC snapshots (confirmed sources with a URL by default)."""
    with open_from(case, officer) as ctx:
        outcomes = archive_sources(ctx, list(source_ids), allow_private=allow_private, spn=spn)
    if as_json:
        emit_json([o.to_dict() for o in outcomes])
        return 0
    out = console()
    if not outcomes:
        out.print("Nothing to archive: no confirmed source has a URL.")
        return 0
    for o in outcomes:
        if o.snapshot is None:
            out.print(f"{o.source_id}: not archived ({o.status}): {o.error or ''}", markup=False)
            continue
        s = o.snapshot
        line = f"{o.source_id}: {s.id} {o.status} HTTP {s.http_status} {s.final_url or s.url}"
        out.print(line, markup=False)
        if o.witness:
            seen = o.witness.get("capture_url") or o.witness.get("error")
            out.print(f"  Save Page Now: {seen}", markup=False)
    return 0


@cli.group("snapshot")
def snapshot_group() -> None:
    """List, show, read, compare and open the archived snapshots."""


@snapshot_group.command("list")
@click.argument("source_id", required=False)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the snapshots as JSON.")
def list_command(source_id, case, officer, as_json) -> None:
    """List snapshots (all, or one source's)."""
    with open_from(case, officer) as ctx:
        snaps = list_snapshots(ctx, source_id.strip().upper() if source_id else None)
    if as_json:
        emit_json([s.to_dict() for s in snaps])
        return
    if not snaps:
        console().print("No snapshots yet: `verify archive` or `verify import FILE --source S1`.")
        return
    table = Table(title=f"Snapshots ({len(snaps)})")
    for column in ("id", "source", "captured (UTC)", "status", "http", "url", "size"):
        table.add_column(column, overflow="fold")
    for s in snaps:
        table.add_row(
            s.id,
            s.source_id,
            s.captured_at,
            s.status or s.origin,
            str(s.http_status or ""),
            s.final_url or s.url,
            _size(s.payload_size),
        )
    console().print(table)


@snapshot_group.command("show")
@click.argument("snapshot_id")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the snapshot as JSON.")
def show_command(snapshot_id, case, officer, as_json) -> None:
    """Show a snapshot's metadata, digests and the start of its text."""
    with open_from(case, officer) as ctx:
        snap = get_snapshot(ctx, snapshot_id)
        text = snapshot_text(ctx, snap.id)
        meta = snapshot_meta(ctx, snap)
    if as_json:
        emit_json(
            {
                **snap.to_dict(),
                "page": meta.get("page"),
                "provenance": meta.get("provenance"),
                "text_start": text[:_SHOW_CHARS],
            }
        )
        return
    out = console()
    out.print(f"{snap.id}  {snap.final_url or snap.url}", markup=False)
    page = meta.get("page") or {}
    rows = [
        ("source", snap.source_id),
        ("url", snap.url),
        ("final url", snap.final_url),
        ("captured (UTC)", snap.captured_at),
        ("status", f"{snap.status} (HTTP {snap.http_status})"),
        ("content type", snap.content_type),
        ("title", snap.title),
        ("author", page.get("author")),
        ("site", page.get("sitename")),
        ("published", page.get("date")),
        ("language", snap.language),
        ("origin", snap.origin + (f" from {snap.imported_from}" if snap.imported_from else "")),
        ("payload sha256", f"{snap.payload_sha256} ({_size(snap.payload_size)})"),
        (f"{snap.container} sha256", f"{snap.warc_sha256} ({_size(snap.warc_size)})"),
        ("text sha256", f"{snap.text_sha256} ({_size(snap.text_size)})"),
        ("metadata sha256", snap.meta_sha256),
        ("same payload as", snap.revisit_of),
        ("Save Page Now", f"{snap.witness_url} at {snap.witness_at}" if snap.witness_url else None),
    ]
    for hop in (meta.get("provenance") or {}).get("hops") or []:
        rows.append(("server address", f"{hop.get('ip') or '?'} ({hop.get('url')})"))
        tls = hop.get("tls")
        if tls:
            certs = tls.get("certificates") or []
            leaf = certs[0] if certs else {}
            kind = "chain as presented" if tls.get("chain") == "presented" else "leaf only"
            rows.append(
                (
                    "TLS",
                    f"{tls.get('version')}, {len(certs)} certificate(s), {kind}; "
                    f"{leaf.get('subject')} issued by {leaf.get('issuer')}, "
                    f"SHA-256 {leaf.get('sha256')}",
                )
            )
    for name, value in rows:
        if value:
            out.print(f"  {name}: {value}", markup=False)
    if text:
        more = " ..." if len(text) > _SHOW_CHARS else ""
        out.print("Text:", markup=False)
        out.print("  " + text[:_SHOW_CHARS].replace("\n", "\n  ") + more, markup=False)


@snapshot_group.command("text")
@click.argument("snapshot_id")
@case_options
def text_command(snapshot_id, case, officer) -> None:
    """Print the text extracted from a snapshot."""
    with open_from(case, officer) as ctx:
        text = snapshot_text(ctx, snapshot_id)
    click.echo(text)


@snapshot_group.command("diff")
@click.argument("first")
@click.argument("second")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def diff_command(first, second, case, officer, as_json) -> None:
    """Compare two snapshots' texts: has the page drifted?"""
    with open_from(case, officer) as ctx:
        diff = diff_snapshots(ctx, first, second)
    if as_json:
        emit_json(diff.to_dict())
        return
    if diff.same_payload:
        click.echo(f"{diff.first} and {diff.second}: the same bytes; the page has not changed.")
        return
    if diff.same_text:
        click.echo(
            f"{diff.first} and {diff.second}: the bytes differ but the text is the same; "
            "the page has not drifted."
        )
        return
    click.echo(
        f"{diff.first} and {diff.second}: the text has drifted "
        f"({diff.similarity:.0%} similar, +{diff.added} -{diff.removed} lines)."
    )
    for line in diff.diff:
        click.echo(line)


@snapshot_group.command("open")
@click.argument("snapshot_id")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the page (default: reports/snapshots/SNAP.html).",
)
@case_options
def open_command(snapshot_id, out, case, officer) -> None:
    """Write the archived page as a safe offline HTML file and print its path."""
    with open_from(case, officer) as ctx:
        path = open_snapshot(ctx, snapshot_id, out)
    click.echo(str(path))


@cli.command("audit")
@click.option(
    "--against",
    "against",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A note, report or WACZ written earlier: its anchor must still be in the log (repeat).",
)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON.")
def audit_command(against, case, officer, as_json) -> int:
    """Check every object, WARC record digest, the event chain and every register row against
    the events that wrote it; exit 1 if anything fails."""
    with open_from(case, officer) as ctx:
        report = audit_case(ctx, list(against))
    if as_json:
        emit_json(report.to_dict())
        return 0 if report.ok else EXIT_PROBLEM
    for snap in report.snapshots:
        click.echo(f"{snap.id} ({snap.source_id}): {snap.status}")
        for problem in snap.problems:
            click.echo(f"  {problem}")
    for problem in report.object_problems:
        click.echo(problem["problem"])
    events = report.events
    if events.get("ok"):
        click.echo(f"Event log: {events.get('events')} events, the chain is intact.")
    else:
        click.echo(f"Event log: broken at event {events.get('broken_at')}: {events.get('problem')}")
    if report.register:
        click.echo(f"Register: {len(report.register)} row value(s) differ from the events:")
        for problem in report.register[:50]:
            click.echo(f"  {problem['problem']}")
        if len(report.register) > 50:
            click.echo(f"  … and {len(report.register) - 50} more (see --json)")
    else:
        click.echo("Register: every row is what the events recorded.")
    for anchor in report.anchors:
        if anchor["ok"]:
            click.echo(f"Anchor in {anchor['file']}: {anchor['anchor']['line']} is in the log.")
            if anchor.get("wacz"):
                click.echo(f"  {_signed_line(anchor['wacz'])}")
        else:
            click.echo(f"Anchor in {anchor['file']}: {anchor['problem']}")
    for export in report.exports:
        where = f"Export {export['file']} (event {export['event']})"
        if not export["present"]:
            click.echo(f"{where}: no longer there (check a copy with `verify verify-wacz FILE`).")
        elif export["ok"]:
            click.echo(f"{where}: unchanged; {_signed_line(export)}")
        else:
            click.echo(f"{where}: {export['problem']}")
    counts: dict[str, int] = {}
    for snap in report.snapshots:
        counts[snap.status] = counts.get(snap.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no snapshots"
    verdict = "passed" if report.ok else "FAILED"
    click.echo(f"Audit {verdict}: {summary}; {report.objects_checked} object(s) checked.")
    if report.head:
        click.echo(f"Keep this line to check the case later: {report.head['line']}")
    return 0 if report.ok else EXIT_PROBLEM


def _signed_line(check: dict) -> str:
    """``signed …; time-stamped …`` for a WACZ check (or an audited export)."""
    signature = check.get("signature")
    if signature == "ok":
        signed = f"signed by {check.get('signed_by') or 'the case key'}"
    elif signature == "failed":
        signed = "the signature FAILS"
    else:
        signed = "not signed"
    stamp = check.get("timestamp")
    info = check.get("timestamp_info") or {}
    if stamp == "ok":
        by = info.get("authority") or info.get("tsa")
        stamped = f"time-stamped {info.get('gen_time')} by {by}"
    elif stamp == "failed":
        stamped = "the time stamp FAILS"
    else:
        stamped = "not time-stamped"
    return f"{signed}; {stamped}."


@cli.command("verify-wacz")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A PEM file of time-stamp authority roots to trust (besides the default list; repeat).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON.")
def verify_wacz_command(file, trust, as_json) -> int:
    """Check any WACZ: every listed hash and WARC record, the package digest, its signature
    (WACZ Signing and Verification) and its RFC 3161 time stamp; exit 1 if one fails. Inside a
    case, says whether it was signed with the case's key."""
    state: AppState = click.get_current_context().find_object(AppState) or AppState()
    here = Path(state.case or os.environ.get("VERIFY_CASE") or ".")
    check = check_wacz_in(file, here, trust=list(trust))
    if as_json:
        emit_json(check.to_dict())
        return 0 if check.ok else EXIT_PROBLEM
    valid = check.package == "ok"
    records = f", {check.snapshots} WARC record(s)" if valid else ""
    click.echo(f"{file}: {'valid' if valid else 'INVALID'} WACZ{records}")
    if valid:
        click.echo(f"  {_signed_line(check.to_dict())}")
        if check.case_key is not None:
            click.echo(f"  The key is {'' if check.case_key else 'NOT '}this case's.")
        if check.anchor:
            click.echo(f"  It carries {check.anchor}.")
    for problem in check.problems:
        click.echo(f"  problem: {problem}")
    click.echo("Check passed." if check.ok else "Check FAILED.")
    return 0 if check.ok else EXIT_PROBLEM


@cli.command("export")
@click.option(
    "--wacz",
    "wacz",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The WACZ file to write.",
)
@click.option(
    "--claimreview",
    "claimreview",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A schema.org ClaimReview JSON-LD file to write.",
)
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language of the ClaimReview.")
@click.option(
    "--claim-author",
    "claim_author",
    multiple=True,
    help="Who made the claims: the motion's author (repeat for several). Default: read from "
    "the motion's signature.",
)
@click.option("--claim-date", help="The motion's date, YYYY-MM-DD. Default: read from the motion.")
@click.option(
    "--name-officer",
    is_flag=True,
    help="Name the officer beside the organisation as the ClaimReview's author.",
)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON.")
def export_command(
    wacz, claimreview, lang, claim_author, claim_date, name_officer, case, officer, as_json
) -> None:
    """Package every snapshot as a WACZ (WACZ 1.1.1) for ReplayWeb.page and auditors, and/or
    write the verdicts as schema.org ClaimReview JSON-LD."""
    if wacz is None and claimreview is None:
        raise click.UsageError("say what to export: --wacz FILE and/or --claimreview FILE")
    summary: dict = {}
    with open_from(case, officer) as ctx:
        if claimreview is not None:  # first: without publish_url nothing is exported
            summary["claimreview"] = export_claimreview(
                ctx, claimreview, lang=lang, claim_author=list(claim_author),
                claim_date=claim_date, name_officer=name_officer,
            )  # fmt: skip
        if wacz is not None:
            summary["wacz"] = export_wacz(ctx, wacz)
    if as_json:
        emit_json(summary.get("wacz") if list(summary) == ["wacz"] else summary)
        return
    if "wacz" in summary:
        done = summary["wacz"]
        click.echo(
            f"Wrote {done['path']}: {done['snapshots']} snapshot(s), "
            f"{done['warcs']} WARC file(s), sha256 {done['sha256']}."
        )
        click.echo(f"Signed with the case's key {done['signed_by']}.")
        stamp = done.get("timestamp")
        if stamp:
            by = stamp.get("authority") or stamp["tsa"]
            click.echo(f"Time-stamped {stamp['gen_time']} by {by}.")
        else:
            click.echo("Not time-stamped: set timestamp_url in verify.toml (an RFC 3161 TSA).")
    if "claimreview" in summary:
        done = summary["claimreview"]
        if done["path"]:
            click.echo(f"Wrote {done['path']}: {done['reviews']} ClaimReview(s) for {done['url']}.")
        else:
            click.echo(
                "Wrote no ClaimReview: no source has a verdict the officer decided "
                "(the tool's suggestions are not published)."
            )
        for what in done["missing"]:
            click.echo(f"Not known, left out: {what}.")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "source_id", required=True, help="The source it is evidence for.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the new snapshot as JSON.")
def import_command(file, source_id, case, officer, as_json) -> None:
    """Attach a WARC, ARC or WACZ made elsewhere (Perma.cc, ArchiveBox, Webrecorder, wget): the
    source's page, its redirects followed and a revisit resolved within the file."""
    details: dict = {}
    with open_from(case, officer) as ctx:
        snap = import_archive(ctx, file, source_id, details=details)
    if as_json:
        emit_json({**snap.to_dict(), "import": details})
    else:
        click.echo(
            f"Imported {file.name} as {snap.id} for {snap.source_id}: "
            f"{snap.final_url or snap.url} captured {snap.captured_at}."
        )
        hops = details.get("redirects") or []
        if hops:
            steps = " → ".join(f"{h['url']} ({h['status']})" for h in hops)
            click.echo(f"Followed the redirects in the file: {steps} → {snap.final_url}.")
        for note in details.get("notes") or []:
            click.echo(f"Note: {note}.")
        others = details.get("other_pages") or []
        if others:
            click.echo(
                f"The file holds {len(others) + 1} pages; took {details['took']['url']} "
                f"({details['why']}). Not imported: "
                + ", ".join(o["url"] or "?" for o in others[:5])
                + (" ..." if len(others) > 5 else "")
            )
