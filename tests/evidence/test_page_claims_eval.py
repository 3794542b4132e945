"""The page-claims evaluation runs end to end on a few corpus pages (skipped without
../shared): claims are generated, pages served, archived and assessed, figures printed."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

from ..conftest import shared_path

REPO = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("page_claims", REPO / "eval" / "page_claims.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["page_claims"] = module
    spec.loader.exec_module(module)
    return module


def test_restated_figures_read_back_as_the_same_value_and_altered_ones_do_not():
    module = _load()
    for lang in ("de", "en", "sv"):
        for value, decimals in ((50_000, 0), (2.0, 2), (1234.5, 1), (12.5, 1)):
            fig = module.Figure(0, 0, value, decimals, "count")
            text = module.restyle(fig, lang, random.Random(1), "")
            assert text is not None
            assert module.read_number(text, lang)[0] == value
    fig = module.Figure(0, 0, 346, 0, "count")
    assert {module.alter(fig, random.Random(s)) for s in range(20)} <= {345, 347, 3460}


def test_the_evaluation_runs_on_a_few_pages(capsys):
    shared_path("corpus", "pages-scrapinghub", "ground-truth.json")
    module = _load()
    assert module.main(["--limit", "6", "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "restated found" in out and "altered found" in out
    assert "page text" in out and "verify" in out
