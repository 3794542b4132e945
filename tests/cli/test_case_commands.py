from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from verify.cli import cli


def test_init_makes_the_case_folder(tmp_path, run):
    case = tmp_path / "ärende"
    result = run(
        "init",
        str(case),
        "--title",
        "Motion",
        "--dnr",
        "KS 2023/1387",
        "--date",
        "2024-02-02",
        "--lang",
        "en",
        "--officer",
        "A. Officer",
        "--json",
    )
    assert result.code == 0, result.err
    assert (case / "cache" / "verify.sqlite3").is_file()
    assert (case / "reports").is_dir()
    data = json.loads(result.out)["case"]
    assert data == {
        "title": "Motion",
        "dnr": "KS 2023/1387",
        "date": "2024-02-02",
        "lang": "en",
        "officer": "A. Officer",
        "timezone": "Europe/Stockholm",
        "created_at": data["created_at"],
    }
    log = json.loads(run("--case", str(case), "log", "--json").out)
    assert log[0]["command"] == "init" and log[0]["actor"] == "A. Officer"
    assert log[0]["at"] == data["created_at"] and data["created_at"].startswith("2024-02-02T09")


def test_init_uses_verify_toml_defaults(tmp_path, run):
    case = tmp_path / "c"
    case.mkdir()
    (case / "verify.toml").write_text('lang = "en"\nofficer = "From Toml"\n', encoding="utf-8")
    result = run("init", str(case), "--json")
    data = json.loads(result.out)["case"]
    assert data["lang"] == "en" and data["officer"] == "From Toml"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--date", "2024-02-30"], "invalid date '2024-02-30'"),
        (["--date", "02/02/2024"], "write dates as YYYY-MM-DD"),
    ],
)
def test_init_bad_input(tmp_path, run, args, says):
    case = tmp_path / "c"
    result = run("init", str(case), *args)
    assert result.code == 2
    assert says in result.err
    assert not (case / "cache" / "verify.sqlite3").exists()


def test_case_option_before_or_after_the_command_and_env(case_dir, run, monkeypatch, tmp_path):
    monkeypatch.delenv("VERIFY_CASE")
    monkeypatch.chdir(tmp_path)
    assert run("--case", str(case_dir), "source", "list").code == 0
    assert run("source", "list", "--case", str(case_dir)).code == 0
    monkeypatch.setenv("VERIFY_CASE", str(case_dir))
    assert run("source", "list").code == 0


def test_usage_errors_exit_2(run):
    result = run("source", "frobnicate")
    assert result.code == 2
    assert "No such command" in result.err


def test_debug_shows_the_traceback(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VERIFY_CASE", raising=False)
    plain = run("source", "list")
    assert "Traceback" not in plain.err
    debug = run("--debug", "source", "list")
    assert "Traceback" in debug.err and debug.code == 3


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_has_help_and_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(cli):
        assert command.help, f"`verify {name}` has no help text"
        assert f"verify {name}" in readme, f"`verify {name}` is not in README.md"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"`verify {name}` option {param.opts} has no help"


def test_installed_console_script_runs(tmp_path):
    exe = shutil.which("verify", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the verify console script is not installed in this environment")
    case = tmp_path / "case"
    out = subprocess.run(
        [exe, "init", str(case), "--title", "T"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    out = subprocess.run(
        [exe, "--case", str(case), "source", "add", "htp://x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "Error: invalid URL 'htp://x': only http and https links can be checked, not htp:"
    )
    mod = subprocess.run(
        [sys.executable, "-m", "verify", "--version"], capture_output=True, text=True, timeout=60
    )
    assert mod.returncode == 0 and "verify" in mod.stdout


def test_every_command_is_in_the_lazy_map():
    # The top-level group imports a command's module only when the command is used; the map
    # must name exactly the commands the modules define.
    import importlib
    import pkgutil

    import verify.cli as cli_pkg
    from verify.cli.app import COMMAND_MODULES, cli

    for info in pkgutil.iter_modules(cli_pkg.__path__):
        importlib.import_module(f"verify.cli.{info.name}")
    defined = {
        name: cmd.callback.__module__.rsplit(".", 1)[-1] for name, cmd in cli.commands.items()
    }
    assert defined, "no command registered"
    assert defined == COMMAND_MODULES


def test_a_command_loads_only_its_module():
    import subprocess
    import sys

    code = (
        "import sys; from verify.cli import main; "
        "code = main(['check', '--help']); "
        "assert code == 0, code; "
        "assert 'verify.cli.check' in sys.modules; "
        "assert 'verify.cli.note' not in sys.modules and 'trafilatura' not in sys.modules; "
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("ok")
