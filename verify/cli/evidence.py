"""`verify finding ...`, `verify search`, `verify verdict`, `verify assess`: the evidence."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from ..evidence.records import CRITERIA, Finding, FindingKind, Search, Verdict
from ..evidence.rubric import Assessment
from ..steps.evidence import (
    add_finding,
    assess,
    edit_finding,
    finding_details,
    list_findings,
    list_searches,
    record_manual_search,
    record_verdict,
    search_source,
    withdraw_finding,
)
from .app import case_options, cli, console, emit_json, open_from
from .check import describe_check

_PRIVATE = click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow URLs on private or loopback addresses (refused by default).",
)


def _overrides(allow_private: bool | None) -> dict[str, Any] | None:
    return {"allow_private": True} if allow_private else None


@cli.group("finding")
def finding_group() -> None:
    """Record and list findings: evidence about a source (an article, a note, a contact)."""


@finding_group.command("add")
@click.argument("source_id")
@click.option("--text", default=None, help="What was found, in your words.")
@click.option("--url", default=None, help="Where (checked and archived like a source).")
@click.option("--quote", default=None, help="The exact words, matched in the archived page.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in FindingKind]),
    default=None,
    help="secondary_source (default with --url), officer_note (default without), contact.",
)
@click.option(
    "--criterion",
    type=click.Choice(CRITERIA),
    default=None,
    help="The rubric criterion this finding speaks to.",
)
@click.option("--from-result", default=None, help="Promote a search result (R1, ...).")
@click.option("--no-capture", is_flag=True, help="Do not check or archive the URL now.")
@_PRIVATE
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the finding as JSON.")
def finding_add_command(source_id, text, url, quote, kind, criterion, from_result, no_capture,
                        allow_private, case, officer, as_json) -> None:  # fmt: skip
    """Record a finding about a source (e.g. an article in which the sender comments on it)."""
    with open_from(case, officer, _overrides(allow_private)) as ctx:
        out = add_finding(
            ctx,
            source_id,
            text,
            url=url,
            quote=quote,
            kind=kind,
            criterion=criterion,
            from_result=from_result,
            capture=not no_capture,
        )
    if as_json:
        emit_json(out)
        return
    finding = out["finding"]
    con = console()
    con.print(f"Added {finding['id']} to {finding['source_id']}: {finding['text']}", markup=False)
    if out.get("check"):
        con.print(f"  checked {out['check']['id']}: {out['check']['status']}", markup=False)
    if out.get("snapshot"):
        snap = out["snapshot"]
        con.print(f"  archived {snap['id']} ({snap.get('status')})", markup=False)
    elif out.get("not_archived"):
        con.print(f"  not archived: {out['not_archived']}", markup=False)
    match = out.get("quote_match")
    if match:
        where = match["passage"]["text"] if match.get("passage") else ""
        con.print(f"  quote: {match['match']} {where}".rstrip(), markup=False)


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(title=f"Findings ({len(findings)})")
    for column in ("id", "source", "kind", "criterion", "text", "url"):
        table.add_column(column, overflow="fold")
    for f in findings:
        text = f.text if f.status != "withdrawn" else f"(withdrawn: {f.status_reason}) {f.text}"
        table.add_row(
            f.id, f.source_id, str(f.kind), f.criterion or "", Text(text), Text(f.url or "")
        )
    return table


@finding_group.command("show")
@click.argument("finding_id")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the finding as JSON.")
def finding_show_command(finding_id, case, officer, as_json) -> None:
    """Show a finding with its own checks and snapshots (they are not the source's)."""
    with open_from(case, officer) as ctx:
        data = finding_details(ctx, finding_id)
    if as_json:
        emit_json(data)
        return
    f = data["finding"]
    con = console()
    con.print(f"{f['id']} about {f['source_id']} ({f['kind']}, {f['status']})", markup=False)
    if f.get("status_reason"):
        con.print(f"  withdrawn: {f['status_reason']}", markup=False)
    for name in ("text", "url", "quote", "criterion", "created_at", "actor"):
        if f.get(name):
            con.print(f"  {name}: {f[name]}", markup=False)
    if data["checks"]:
        con.print("Checks of this finding's address:")
        for check in data["checks"]:
            con.print(f"  {check['id']} {check['as_of']} {check['method']}: "
                      f"{describe_check(check)}", markup=False)  # fmt: skip
    if data["snapshots"]:
        con.print("Snapshots of this finding's address:")
        for snap in data["snapshots"]:
            con.print(f"  {snap['id']} {snap['captured_at']} {snap.get('status')}: "
                      f"{snap.get('title') or snap['url']}", markup=False)  # fmt: skip


@finding_group.command("withdraw")
@click.argument("finding_id")
@click.option("--because", required=True, help="Why the finding is withdrawn.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the finding as JSON.")
def finding_withdraw_command(finding_id, because, case, officer, as_json) -> None:
    """Withdraw a finding recorded by mistake; it is kept with the reason, left out of notes."""
    with open_from(case, officer) as ctx:
        finding = withdraw_finding(ctx, finding_id, because)
    if as_json:
        emit_json(finding.to_dict())
    else:
        console().print(f"Withdrew {finding.id}: {finding.status_reason}", markup=False)


@finding_group.command("edit")
@click.argument("finding_id")
@click.option("--text", default=None, help="What was found, in your words.")
@click.option("--quote", default=None, help="The exact words in the finding's page.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in FindingKind]),
    default=None,
    help="secondary_source, officer_note or contact.",
)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the finding as JSON.")
def finding_edit_command(finding_id, text, quote, kind, case, officer, as_json) -> None:
    """Change a finding's text, quote or kind; the old values stay in the event log."""
    with open_from(case, officer) as ctx:
        finding, changed = edit_finding(ctx, finding_id, text=text, quote=quote, kind=kind)
    if as_json:
        emit_json(finding.to_dict())
    elif changed:
        console().print(f"Changed {changed} value(s) of {finding.id}.")
    else:
        console().print(f"Nothing changed: {finding.id} already has those values.")


@finding_group.command("list")
@click.argument("source_id", required=False)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def finding_list_command(source_id, case, officer, as_json) -> None:
    """List findings (of one source, or all)."""
    with open_from(case, officer) as ctx:
        findings = list_findings(ctx, source_id)
    if as_json:
        emit_json([f.to_dict() for f in findings])
    elif not findings:
        console().print('No findings yet: `verify finding add S1 --text "..."`.')
    else:
        console().print(_findings_table(findings))


def _show_search(search: Search) -> None:
    con = console()
    con.print(
        f"{search.id} {search.searched_at} ({search.as_of}) {search.status}: {search.query}",
        markup=False,
    )
    if search.error:
        con.print(f"  {search.error}", markup=False)
    for r in search.results:
        con.print(f"  {r.id} {r.title or ''} {r.url}", markup=False)


@cli.command("search")
@click.argument("source_id")
@click.option("--query", default=None, help="The query (default: built from the source).")
@click.option("--limit", default=20, show_default=True, help="Results to keep.")
@click.option("--list", "list_", is_flag=True, help="List the searches on record instead.")
@click.option("--manual", is_flag=True,
              help="Record a search you made yourself (no search service needed).")  # fmt: skip
@click.option("--engine", default=None, help="With --manual: the search engine you used.")
@click.option("--found", "found", multiple=True, metavar="URL",
              help="With --manual: an address the search found (repeat).")  # fmt: skip
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="With --manual: when you searched (default today).")  # fmt: skip
@click.option(
    "--add-findings",
    is_flag=True,
    help="With --manual: make each --found address a finding (checked and archived).",
)
@_PRIVATE
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the search as JSON.")
def search_command(source_id, query, limit, list_, manual, engine, found, date_, add_findings,
                   allow_private, case, officer, as_json) -> None:  # fmt: skip
    """Search the web for a source (SearXNG at search_endpoint) and record the results, or
    record a search you made yourself with --manual.

    Promote a result to a finding with `verify finding add S1 --from-result R3`.
    """
    findings: list[dict[str, Any]] = []
    with open_from(case, officer, _overrides(allow_private)) as ctx:
        if list_:
            searches = list_searches(ctx, source_id)
        elif manual:
            search = record_manual_search(ctx, source_id, engine=engine or "", query=query or "",
                                          found=list(found), date=date_)  # fmt: skip
            searches = [search]
            if add_findings:
                for result in search.results:
                    findings.append(add_finding(ctx, search.source_id, from_result=result.id))
        else:
            if engine or found or date_ or add_findings:
                raise click.UsageError("--engine, --found, --date and --add-findings need --manual")
            searches = [search_source(ctx, source_id, query, limit=limit)]
    if as_json:
        data = [s.to_dict() for s in searches]
        emit_json(data if list_ else {**data[0], "findings": findings} if manual else data[0])
        return
    for search in searches:
        _show_search(search)
    for out in findings:
        f = out["finding"]
        console().print(f"  finding {f['id']} from {f['search_result_id']}: {f['url']}",
                        markup=False)  # fmt: skip


@cli.command("verdict")
@click.argument("source_id")
@click.argument("verdict", type=click.Choice([v.value for v in Verdict]))
@click.option("--because", required=True, help="Why: the officer's reasoning.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def verdict_command(source_id, verdict, because, case, officer, as_json) -> None:
    """Record your verdict on a source (the suggestion is kept beside it, never applied)."""
    with open_from(case, officer) as ctx:
        record = record_verdict(ctx, source_id, verdict, because)
    if as_json:
        emit_json(record.to_dict())
        return
    note = ""
    if record.suggested and record.suggested != str(record.verdict):
        note = f" (suggested: {record.suggested})"
    console().print(f"{record.id}: {record.source_id} {record.verdict}{note}", markup=False)


def _show_assessment(a: Assessment) -> None:
    con = console()
    con.print(f"[bold]{a.source.id}[/bold]  {a.source.label}  ({a.source.kind})")
    con.print(f"  availability: {a.availability.state}", markup=False)
    for m in a.claims:
        where = f" [{m.snapshot}] {m.passage.text}" if m.passage else ""
        con.print(f"  claim {m.claim_id}: {m.match}{where}", markup=False)
    table = Table(show_header=True)
    for column in ("criterion", "status", "evidence", "officer"):
        table.add_column(column, overflow="fold")
    for c in a.rubric:
        signals = "; ".join(_signal_text(s.code, s.evidence) for s in c.signals[:6])
        officer = "; ".join(f"{o['finding']}: {o['text']}" for o in c.officer)
        table.add_row(c.code, c.status.replace("_", " "), signals, officer)
    con.print(table)
    con.print(f"  suggested verdict: {a.suggested_verdict}", markup=False)
    for r in a.reasons:
        con.print(f"    - {r.code} → {r.verdict or '-'}", markup=False)
    decided = f"{a.verdict.verdict} ({a.verdict.id}: {a.verdict.because})" if a.verdict else "none"
    con.print(f"  officer's verdict: {decided}", markup=False)


def _signal_text(code: str, evidence: dict[str, Any]) -> str:
    for key in ("sentence", "status", "items", "title", "date", "at", "query"):
        value = evidence.get(key)
        if value:
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            return f"{code}: {value}"
    return code


@cli.command("assess")
@click.argument("source_ids", nargs=-1)
@click.option("--snapshot", default=None, help="Match claims in this snapshot (one source).")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the assessments as JSON.")
def assess_command(source_ids, snapshot, case, officer, as_json) -> None:
    """Show the rubric, the suggested verdict and its reasons per source (nothing is stored)."""
    with open_from(case, officer) as ctx:
        assessments = assess(ctx, list(source_ids) or None, snapshot=snapshot)
    if as_json:
        emit_json([a.to_dict() for a in assessments])
    elif not assessments:
        console().print("No sources to assess.")
    else:
        for a in assessments:
            _show_assessment(a)
