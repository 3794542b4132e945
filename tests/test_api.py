"""The public API is explicit and complete, and importing verify has no side effects."""

from __future__ import annotations

import logging
import subprocess
import sys
import types

import verify


def test_all_is_complete_and_resolves():
    public = {
        name
        for name, value in vars(verify).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name not in ("annotations", "logging")
    }
    assert public <= set(verify.__all__) | {"annotations"}, public - set(verify.__all__)
    for name in verify.__all__:
        assert hasattr(verify, name), name


def test_library_logger_has_null_handler():
    handlers = logging.getLogger("verify").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_import_has_no_side_effects(tmp_path):
    code = (
        "import os, sys, logging; before = dict(os.environ); import verify; "
        "assert dict(os.environ) == before; assert 'verify.cli' not in sys.modules; "
        "assert not logging.getLogger().handlers; print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "ok"
    assert list(tmp_path.iterdir()) == []


def test_steps_load_when_asked_for():
    # `import verify` (and so every `import verify.x`) loads no step: a worker or a command
    # that needs one step does not pay for the libraries of the others.
    code = (
        "import sys, verify; assert 'verify.steps.archive' not in sys.modules, 'eager'; "
        "assert 'trafilatura' not in sys.modules; f = verify.archive_sources; "
        "assert 'verify.steps.archive' in sys.modules; assert verify.archive_sources is f; "
        "assert 'archive_sources' in dir(verify); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no_such_thing"):
        verify.no_such_thing  # noqa: B018
