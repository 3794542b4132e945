"""One attribution found in a text: the cue, the sender, the work and the claim (pure data)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import SourceKind
from .senders import Sender

__all__ = ["Attribution"]


@dataclass(frozen=True)
class Attribution:
    """One attribution: the cue span, the sender (None when vague) and the governed claim."""

    start: int
    end: int
    cue: str
    kind: SourceKind
    sender: Sender | None
    vague: bool = False
    title: str | None = None
    work: str | None = None
    claim: str | None = None
    claim_start: int | None = None
    anaphor: bool = False
    back: bool = False  # continues the attribution of the sentence before ("Myndigheten ...")
