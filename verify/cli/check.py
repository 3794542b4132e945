"""`verify check`: availability on a date."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.progress import Progress
from rich.table import Table

from ..steps.check import check_sources
from .app import case_options, cli, console, open_from


def describe_check(result: dict[str, Any]) -> str:
    """One line for people: the status with the detail that matters."""
    status = result["status"]
    parts = [status]
    if result.get("http_status"):
        parts.append(f"HTTP {result['http_status']}")
    if result.get("method") == "archive":
        captures = result.get("captures") or []
        if captures:
            stamps = ", ".join(
                f"{c.get('relation', '')} {c.get('timestamp', '')}".strip() for c in captures[:2]
            )
            parts.append(stamps)
    elif result.get("final_url") and result["final_url"] != result["url"]:
        parts.append(f"→ {result['final_url']}")
    if result.get("tls_detail"):
        parts.append(result["tls_detail"])
    if result.get("error") and status not in ("ok", "redirected"):
        parts.append(result["error"])
    return "; ".join(parts)


@cli.command("check")
@click.argument("source_ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Include candidates, not only confirmed.")
@click.option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help="A past date looks in web archives; none (or today) checks live.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow URLs on private or loopback addresses (refused by default).",
)
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON document.")
@click.option(
    "--jsonl",
    "as_jsonl",
    is_flag=True,
    help="Print one JSON object per line as each result is stored, then a summary.",
)
def check_command(source_ids, all_, date_, allow_private, case, officer, as_json,
                  as_jsonl) -> int:  # fmt: skip
    """Check whether sources can be reached (live today, or in web archives on a past date).

    Without ids, every confirmed source with a URL is checked. Each result is stored as it
    finishes; earlier checks are kept (see `verify source show S1`). --json and --jsonl
    stream: memory stays flat however many sources there are.
    """
    overrides = {"allow_private": True} if allow_private else None
    out = console()
    if as_json and as_jsonl:
        raise click.UsageError("choose --json or --jsonl, not both")
    with open_from(case, officer, overrides) as ctx:
        if as_jsonl:
            lines = _Output(lambda item: json.dumps(item, ensure_ascii=False) + "\n")
            run = check_sources(
                ctx, list(source_ids), include_candidates=all_, date=date_, sink=lines
            )
            click.echo(json.dumps({"summary": run.head()}, ensure_ascii=False))
            return 0
        if as_json:
            return _streamed_json(ctx, list(source_ids), all_, date_)
        if out.is_terminal:
            with Progress(console=out, transient=True) as bar:
                task = bar.add_task("Checking", total=None)

                def tick(done: int, total: int, _result: dict[str, Any], pending: list[str]):
                    shown = ", ".join(pending[:2]) + (" …" if len(pending) > 2 else "")
                    label = f"Checking (waiting for {shown})" if pending else "Checking"
                    bar.update(task, completed=done, total=total, description=label)

                run = check_sources(
                    ctx, list(source_ids), include_candidates=all_, date=date_, progress=tick
                )
        else:
            run = check_sources(ctx, list(source_ids), include_candidates=all_, date=date_)
    for warning in run.warnings:
        out.print(f"Warning: {warning}", markup=False)
    if not run.results and not run.skipped:
        out.print("No confirmed sources with a URL to check (use --all to include candidates).")
        return 0
    method = "live" if run.live else "web archives"
    title = f"Availability on {run.as_of} ({method})"
    if run.archive_as_of:
        title = f"Live on {run.as_of}, and in web archives for the case date {run.archive_as_of}"
    table = Table(title=title)
    for column in ("source", "check", "date", "url", "result"):
        table.add_column(column, overflow="fold")
    for result in run.results:
        day = f"{result['as_of']} ({result['method']})"
        table.add_row(result["source"], result["id"], day, result["url"], describe_check(result))
    out.print(table)
    for item in run.skipped:
        out.print(f"Skipped {item['source']}: {item['reason']}.")
    return 0


class _Output:
    """A sink for :func:`check_sources` that prints the texts of a stored batch of results
    at once, when the batch is handed on (one write for many lines, not one per line)."""

    def __init__(self, text: Callable[[dict[str, Any]], str]) -> None:
        self._text = text
        self._waiting: list[str] = []

    def __call__(self, item: dict[str, Any]) -> None:
        self._waiting.append(self._text(item))

    def flush(self) -> None:
        if self._waiting:
            click.echo("".join(self._waiting), nl=False)
            self._waiting.clear()


def _streamed_json(ctx, ids: list[str], all_: bool, date_: str | None) -> int:  # noqa: ANN001
    """One JSON document ({..., "results": [...]}) written as the results arrive."""
    first = [True]

    def text(item: dict[str, Any]) -> str:
        head = '{"results": [\n' if first[0] else ","
        first[0] = False
        return head + json.dumps(item, ensure_ascii=False, indent=2) + "\n"

    run = check_sources(ctx, ids, include_candidates=all_, date=date_, sink=_Output(text))
    rest = json.dumps(run.head(), ensure_ascii=False, indent=2)
    if first[0]:
        click.echo('{"results": [')
    click.echo("], " + rest[1:])
    return 0
