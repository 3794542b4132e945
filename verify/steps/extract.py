"""`extract`: read a motion and record the sources and claims it cites.

The document's bytes and its text go into the object store first (content-addressed, whole or
absent); then one transaction records the Document row, the new candidate sources with their
mentions and claims, and the case's own designations. Running it again on the same document
adds nothing twice: a candidate is matched to a recorded source by its key, URL or designation,
and a mention or claim already recorded is not added again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..documents import read_document
from ..documents.model import ReadDocument
from ..errors import DocumentError
from ..extract import extract_citations
from ..extract.model import Candidate
from ..models import Document, Source, SourceStatus
from ..store.register import (
    find_source_by,
    insert_claim,
    insert_document,
    insert_mention,
    insert_source,
    load_document,
    load_source,
)
from .case import CaseContext

__all__ = ["ExtractReport", "extract_document", "read_motion"]


@dataclass
class ExtractReport:
    """What `verify extract` found and recorded."""

    document: Document | None
    sources: list[Source] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)
    case_designations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict() if self.document else None,
            "sources": [{**s.to_dict(), "new": s.id in self.new_sources} for s in self.sources],
            "case_designations": self.case_designations,
            "warnings": self.warnings,
        }


def _match(ctx: CaseContext, candidate: Candidate) -> str | None:
    """The recorded source this candidate is, if any."""
    found = find_source_by(ctx.store, "key", candidate.key)
    if found is None and candidate.url:
        found = find_source_by(ctx.store, "url", candidate.url)
    if found is None and candidate.designation:
        found = find_source_by(ctx.store, "designation", candidate.designation)
    return found


def _fields(candidate: Candidate, status: SourceStatus) -> dict[str, Any]:
    return {
        "kind": str(candidate.kind),
        "status": str(status),
        "organisation": candidate.organisation,
        "acronym": candidate.acronym,
        "title": candidate.title,
        "publisher": candidate.publisher,
        "author": candidate.author,
        "url": candidate.url,
        "domain": candidate.domain,
        "designation": candidate.designation,
        "note": candidate.note,
        "vague": candidate.vague,
        "key": candidate.key,
    }


def read_motion(path: Path, *, require_text: bool = False) -> ReadDocument:
    """Read a document; a PDF with pages but no text (a scan) is a DocumentError with the OCR
    hint, and so is any document without text when ``require_text``."""
    path = Path(path)
    doc = read_document(path)
    if not doc.text.strip():
        if doc.media_type == "application/pdf" and doc.size:
            raise DocumentError(
                path,
                "the PDF has no text layer (a scanned document?): make it searchable with OCR "
                "first, e.g. `ocrmypdf in.pdf out.pdf`, or save it as text from the original",
            )
        if require_text:
            raise DocumentError(path, "no text was found in it; nothing was recorded")
    return doc


def extract_document(
    ctx: CaseContext, path: Path, *, accept: bool = False, doc: ReadDocument | None = None
) -> ExtractReport:
    """Read ``path``, extract its citations and record them (confirmed with ``accept``).

    ``doc`` is the document already read from ``path`` (it is then not read again)."""
    path = Path(path)
    doc = doc or read_motion(path)
    report = ExtractReport(document=None, warnings=list(doc.warnings))
    if not doc.text.strip():
        report.warnings.append(f"{path.name}: no text was found; nothing was recorded")
        return report
    extraction = extract_citations(doc)
    report.warnings.extend(extraction.warnings)
    report.case_designations = list(extraction.case_designations)

    # Objects first: a crash after this leaves at most unreferenced objects, never a row
    # pointing at a missing file.
    file_sha, size = ctx.store.objects.put_file(path)
    text_sha = ctx.store.objects.put_bytes(doc.text.encode("utf-8"))
    existing = load_document(ctx.store, file_sha)
    status = SourceStatus.CONFIRMED if accept else SourceStatus.CANDIDATE
    touched: list[str] = []

    args = {"document": path.name, "sha256": file_sha, "accept": accept}
    with ctx.store.write(ctx.actor, "extract", args) as writer:
        if existing is None:
            document_id = insert_document(
                writer,
                {
                    "file_name": path.name,
                    "sha256": file_sha,
                    "media_type": doc.media_type,
                    "pages": doc.pages,
                    "size": size,
                    "text_sha256": text_sha,
                },
            )
        else:
            document_id = existing.id
            writer.touch(document_id)
            if existing.status == "withdrawn":  # read again on purpose: back in the case
                writer.update("documents", "id", document_id, {"status": "active",
                                                               "status_reason": None})  # fmt: skip
        for designation in extraction.case_designations:
            writer.insert_or_ignore(
                "case_designations", {"designation": designation, "document_id": document_id}
            )
        for candidate in extraction.candidates:
            source_id = _match(ctx, candidate)
            if source_id is None:
                source_id = insert_source(writer, _fields(candidate, status))
                report.new_sources.append(source_id)
            elif accept:
                writer.update("sources", "id", source_id, {"status": str(status)})
            elif load_source(ctx.store, source_id).status == SourceStatus.WITHDRAWN:
                writer.update("sources", "id", source_id,
                              {"status": str(status), "status_reason": None})  # fmt: skip
            known = {
                (r["start"], r["end"])
                for r in writer.execute(
                    'SELECT start, "end" FROM mentions WHERE source_id = ? AND document_id = ?',
                    (source_id, document_id),
                ).fetchall()
            }
            mention_ids: list[str | None] = []
            for mention in candidate.mentions:
                if (mention.start, mention.end) in known:
                    mention_ids.append(None)
                    continue
                mention_ids.append(
                    insert_mention(
                        writer,
                        source_id,
                        {
                            "document_id": document_id,
                            "page": mention.page,
                            "line": mention.line,
                            "start": mention.start,
                            "end": mention.end,
                            "passage": mention.passage,
                            "footnote": mention.footnote,
                        },
                    )
                )
            claimed = {
                r["text"]
                for r in writer.execute(
                    "SELECT text FROM claims WHERE source_id = ?", (source_id,)
                ).fetchall()
            }
            for claim in candidate.claims:
                if claim.text in claimed:
                    continue
                claimed.add(claim.text)
                index = claim.mention
                mention_id = mention_ids[index] if 0 <= index < len(mention_ids) else None
                insert_claim(writer, source_id, claim.text, claim.quantities, mention_id)
            if source_id not in touched:
                touched.append(source_id)
    report.document = load_document(ctx.store, file_sha)
    report.sources = [load_source(ctx.store, s) for s in touched]
    return report
