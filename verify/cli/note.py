"""`verify note`: the reliability note."""

from __future__ import annotations

from pathlib import Path

import click

from ..notes.model import PARTS
from ..notes.render import FORMATS, render_text
from ..steps.note import write_notes
from .app import case_options, cli, console, emit_json, open_from


@cli.command("note")
@click.argument("source_ids", nargs=-1)
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language (default: the case's).")
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="md", show_default=True,
    help="md and txt paste into a statement; docx opens in Word; html; json.",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the combined note (default: reports/).")  # fmt: skip
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="The date the note speaks of.")
@click.option(
    "--part", type=click.Choice(list(PARTS)), default="both", show_default=True,
    help="text: the text to paste; bilaga: the evidence for the case file; both, in that order.",
)  # fmt: skip
@click.option("--print", "show", is_flag=True, help="Also print the note as plain text.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the note's content as JSON.")
def note_command(source_ids, lang, fmt, output, date_, part, show, case, officer,
                 as_json) -> int:  # fmt: skip
    """Write the reliability note on the sources (default: all not rejected) into reports/.

    Two parts: the text to paste into the statement (the officer's verdicts in the
    statement's prose, footnotes, no ids or tool wording; a source you have not decided yet
    gets a placeholder), and the bilaga with the register, every check and saved copy, the
    findings and searches, and the tool's suggestions with their reasons.
    """
    with open_from(case, officer) as ctx:
        files = write_notes(ctx, list(source_ids), lang=lang, fmt=fmt, out=output, date=date_,
                            part=part)  # fmt: skip
    assert files.note is not None
    if as_json:
        emit_json({**files.to_dict(), "note": files.note.to_dict()})
        return 0
    out = console()
    if show:
        out.print(render_text(files.note, part), markup=False, highlight=False)
    out.print(f"Wrote {files.combined}", markup=False)
    for source_id, path in files.per_source.items():
        out.print(f"  {source_id}: {path}", markup=False)
    return 0
