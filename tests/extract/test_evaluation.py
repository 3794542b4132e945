"""The evaluation's overall figures meet the targets on our own motions (and their renderings)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation():
    return _load("extraction")


def _motion_gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in (REPO / "eval" / "gold").glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8")).get("root") == "repo":
            shutil.copy(path, gold / path.name)
    return gold


def test_targets_on_own_motions(evaluation, tmp_path):
    results = evaluation.run(_motion_gold(tmp_path))
    assert len(results["documents"]) >= 4
    p, r, _ = results["overall"]["sources"].prf()
    assert r >= 0.9 and p >= 0.8, (p, r)
    assert all(d["case_designations_ok"] for d in results["documents"])


def test_targets_on_rendered_pdf_and_docx(evaluation, tmp_path):
    pytest.importorskip("reportlab")
    pytest.importorskip("docx")
    try:
        from verify.documents import read_document  # noqa: F401
    except ImportError:
        pytest.skip("verify.documents.read_document is not available")
    out = tmp_path / "rendered"
    _load("make_fixtures").make(out)
    results = evaluation.run(_motion_gold(tmp_path), rendered=out)
    names = {d["document"] for d in results["documents"]}
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
    p, r, _ = results["overall"]["sources"].prf()
    assert r >= 0.9 and p >= 0.8, (p, r)


def test_matching_rule(evaluation):
    from verify.extract.model import Candidate
    from verify.models import SourceKind

    gold = {
        "id": "x",
        "sender": "Statistiska centralbyrån",
        "aliases": ["SCB"],
        "kind": "statistics",
        "designation": None,
        "url": None,
        "domain": None,
        "title": None,
        "vague": False,
        "passage": None,
        "claims": [],
    }
    assert evaluation.score_pair(gold, Candidate("k", SourceKind.STATISTICS, acronym="SCB")) > 0
    assert evaluation.score_pair(gold, Candidate("k", SourceKind.REPORT, organisation="IVO")) == 0


def test_matching_by_title_for_a_work_without_a_sender(evaluation):
    from verify.extract.model import Candidate
    from verify.models import SourceKind

    gold = {
        "id": "x", "sender": None, "aliases": ["Århuskonventionen"],
        "kind": "official_publication", "designation": None, "url": None, "domain": None,
        "title": "konventionen om tillgång till information", "vague": False, "passage": None,
        "claims": [],
    }  # fmt: skip
    work = Candidate("work:x", SourceKind.OFFICIAL_PUBLICATION, title="Århuskonventionen")
    assert evaluation.score_pair(gold, work) > 0
    other = Candidate("work:y", SourceKind.OFFICIAL_PUBLICATION, title="Barnkonventionen")
    assert evaluation.score_pair(gold, other) == 0
    vague = Candidate("vague:x", SourceKind.OTHER, title="Århuskonventionen", vague=True)
    assert evaluation.score_pair(gold, vague) == 0
