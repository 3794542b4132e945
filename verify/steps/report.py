"""`report`: one self-contained HTML file an auditor can review without anything else.

It shows the case; the documents with their hashes; every source with its mentions, claims,
check history and snapshots (extracted text, a sandboxed view of the archived page with scripts
removed, digests, and whether they verify now); the evidence and assessment; the verdict, who
decided it and when; and the event log with the state of its hash chain. Everything that came
from outside (archived pages, titles, the officer's text) is escaped by Jinja2's autoescaping or
shown inside a sandboxed frame with a policy that blocks every load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..notes.catalog import CATALOG, KINDS, format_date, t
from ..notes.compose import result_words
from ..notes.render import environment, write_atomic
from ..store.checks import load_checks
from ..store.evidence import load_findings, load_snapshots
from ..store.register import load_documents, load_sources
from ..tempdirs import temporary_dir
from .audit import audit_case
from .case import CaseContext
from .evidence import assess
from .note import build_note
from .snapshots import open_snapshot, snapshot_text

__all__ = ["SAFE_VIEW_LIMIT", "TEXT_LIMIT", "build_report", "report_words", "write_report"]

#: Archived pages larger than this (as cleaned HTML) are shown as text only.
SAFE_VIEW_LIMIT = 2 * 1024 * 1024
#: How much extracted text per snapshot the report carries.
TEXT_LIMIT = 200_000


def _safe_view(ctx: CaseContext, snapshot_id: str) -> str | None:
    with temporary_dir("report") as tmp:
        try:
            path = open_snapshot(
                ctx, snapshot_id, Path(tmp) / "view.html", max_html=SAFE_VIEW_LIMIT
            )
        except Exception:  # noqa: BLE001 - a view that cannot be made is left out, not fatal
            return None
        if path.stat().st_size > SAFE_VIEW_LIMIT:
            return None
        return path.read_text(encoding="utf-8")


def _text(ctx: CaseContext, snapshot_id: str) -> str:
    try:
        text = snapshot_text(ctx, snapshot_id)
    except Exception:  # noqa: BLE001 - missing text is shown as missing
        return ""
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "\n[…]"


def _provenance(ctx: CaseContext, meta_sha256: str | None) -> dict[str, Any] | None:
    """How a capture was made (address, request as sent, TLS certificates, software), from
    its metadata object; None for imports and older snapshots, which do not record it."""
    if not meta_sha256 or not ctx.store.objects.has(meta_sha256):
        return None
    try:
        meta = json.loads(ctx.store.objects.read_bytes(meta_sha256))
    except ValueError:
        return None
    provenance = meta.get("provenance") if isinstance(meta, dict) else None
    return provenance if isinstance(provenance, dict) else None


def build_report(ctx: CaseContext, lang: str | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain data (in ``lang``, default the case's)."""
    audit = audit_case(ctx).to_dict()
    audited = {a["id"]: a for a in audit.get("snapshots", [])}
    assessments = {a.source.id: a for a in assess(ctx)}
    sources = []
    for source in load_sources(ctx.store):
        if str(source.status) in ("merged", "withdrawn"):
            continue  # left out of the report; `verify log` shows them
        gone = {f.id for f in load_findings(ctx.store, source.id) if f.status == "withdrawn"}
        snapshots = []
        for snap in load_snapshots(ctx.store, source.id):
            if snap.get("finding_id") in gone:
                continue
            snapshots.append(
                {
                    **snap,
                    "audit": audited.get(snap["id"], {}).get("status", "not audited"),
                    "problems": audited.get(snap["id"], {}).get("problems", []),
                    "text": _text(ctx, snap["id"]),
                    "view": _safe_view(ctx, snap["id"]),
                    "provenance": _provenance(ctx, snap.get("meta_sha256")),
                }
            )
        assessment = assessments.get(source.id)
        checks = load_checks(ctx.store, source.id)
        sources.append(
            {
                "source": source.to_dict(),
                "checks": [c for c in checks if not c.get("finding")],
                "finding_checks": [
                    c for c in checks if c.get("finding") and c["finding"] not in gone
                ],
                "snapshots": snapshots,
                "assessment": assessment.to_dict() if assessment else None,
            }
        )
    language = lang or ctx.case.lang or ctx.settings.lang
    note = build_note(ctx, lang=language)
    return {
        "lang": language,
        "case": ctx.case.to_dict(),
        "version": __version__,
        "generated_at": ctx.store.events()[-1].at if ctx.store.events() else "",
        "documents": [d.to_dict() for d in load_documents(ctx.store)],
        "sources": sources,
        "audit": audit,
        "chain": ctx.store.verify_events().to_dict(),
        "events": [e.to_dict() for e in ctx.store.events()],
        "anchor": str(ctx.store.anchor() or ""),
        "note": note,
    }


def report_words(lang: str) -> dict[str, Any]:
    """The words the report template needs: every code said in the report's language."""

    def w(key: str, **values: Any) -> str:
        try:
            return t(lang, key, **values)
        except KeyError:
            return key

    def signal(code: str) -> str:
        groups = (("state_", "state"), ("claim_", "match"), ("sampling_", "sampling"),
                  ("disclaimer_", "disclaimer"))  # fmt: skip
        for prefix, group in groups:
            if code.startswith(prefix):
                rest = code[len(prefix) :]
                head = w(f"sig.prefix.{prefix[:-1]}")
                return f"{head}: {w(f'{group}.{rest}')}"
        return w(f"sig.{code}")

    def reasons(items: list[dict[str, Any]]) -> str:
        return "; ".join(dict.fromkeys(w(f"rule.{r.get('code')}") for r in items))

    def command(name: str) -> str:
        return w(f"cmd.{name}") if f"cmd.{name}" in CATALOG[lang] else name

    def date(value: str | None) -> str:
        return format_date(value, lang) if value else ""

    def kind_word(kind: str) -> str:
        return KINDS[lang].get(kind, KINDS[lang]["other"])["indef"]

    def safe_url(url: str | None) -> str | None:
        return url if url and url.startswith(("http://", "https://")) else None

    return {
        "w": w, "signal": signal, "reasons": reasons, "command": command, "date": date,
        "kind_word": kind_word, "result": lambda status: result_words(lang, status),
        "safe_url": safe_url,
    }  # fmt: skip


def write_report(ctx: CaseContext, out: Path | None = None, *, lang: str | None = None) -> Path:
    """Write the auditor's HTML report (default ``reports/report.html``); return its path."""
    data = build_report(ctx, lang)
    template = environment().get_template("report.html.j2")
    html = template.render(**data, **report_words(data["lang"]))
    target = Path(out) if out else ctx.reports_dir / "report.html"
    write_atomic(target, html.encode("utf-8"))
    return target
