"""The shape of the code (CONVENTIONS.md): layers import downwards, each library in one place,
the library never prints."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "verify"

# Third-party libraries and where they may be imported (module path prefixes).
ALLOWED = {
    "requests": ("web/client.py",),
    "urllib3": ("web/client.py",),
    "h11": ("web/aio.py",),  # HTTP/1.1 for the event loop's transport
    "warcio": ("capture/warc.py",),
    "trafilatura": ("capture/pagetext.py",),
    "htmldate": ("capture/pagetext.py",),
    "pypdf": ("documents/",),
    "docx": ("documents/", "notes/render.py"),
    "rich": ("cli/",),
    "click": ("cli/",),
    "sqlite3": ("store/",),
    "jinja2": ("notes/render.py", "serve/"),
    "starlette": ("serve/",),
    "uvicorn": ("serve/",),
    "multipart": ("serve/",),
    "bs4": ("capture/safeview.py", "web/", "documents/"),
    "babel": ("quantities.py",),  # locale number symbols, read in one place
    "cryptography": ("capture/certs.py", "capture/signing.py"),
    "certifi": ("capture/certs.py", "web/client.py"),  # the default CA bundle
    "rfc3161_client": ("capture/timestamp.py",),
    "surt": ("capture/cdxj.py",),
}

# Core modules: pure, they import no edge, step or interface module.
CORE = ("errors.py", "models.py", "config.py", "urls.py", "timeutil.py", "quantities.py",
        "sentences.py", "_version.py", "evidence/", "notes/compose.py", "notes/catalog.py",
        "notes/model.py", "notes/claimreview.py")  # fmt: skip
EDGES = ("store", "documents", "extract", "web", "capture")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.AST, module: str) -> list[str]:
    """Absolute names of everything a module imports (relative imports resolved)."""
    parts = ["verify", *module.removesuffix(".py").split("/")]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append(name)
    return out


MODULES = list(_modules())


@pytest.mark.parametrize(("module", "tree"), MODULES, ids=[m for m, _ in MODULES])
def test_third_party_libraries_stay_in_their_module(module, tree):
    for name in _imports(tree, module):
        top = name.split(".")[0]
        if top in ALLOWED:
            assert module.startswith(ALLOWED[top]), f"{module} imports {top}"


@pytest.mark.parametrize(("module", "tree"), MODULES, ids=[m for m, _ in MODULES])
def test_layers_import_downwards(module, tree):
    names = [n for n in _imports(tree, module) if n.startswith("verify.")]
    if not module.startswith("cli/") and module != "__main__.py":
        assert not any(n.startswith("verify.cli") for n in names), f"{module} imports the CLI"
    if not module.startswith(("serve/", "cli/serve.py")):
        assert not any(n.startswith("verify.serve") for n in names), f"{module} imports serve/"
    if module.startswith("serve/"):
        bad = [
            n for n in names if n.startswith(("verify.cli", "verify.store", "verify.web.client"))
        ]
        assert not bad, f"the web app {module} imports {bad} (it calls steps, like the CLI)"
    if module.startswith(CORE):
        bad = [n for n in names if n.split(".")[1] in (*EDGES, "steps", "cli")]
        assert not bad, f"core module {module} imports {bad}"
    if module.startswith(tuple(f"{e}/" for e in EDGES)):
        bad = [n for n in names if n.split(".")[1] in ("steps", "cli")]
        assert not bad, f"edge module {module} imports {bad}"


@pytest.mark.parametrize(("module", "tree"), MODULES, ids=[m for m, _ in MODULES])
def test_the_library_never_prints(module, tree):
    if module.startswith("cli/"):
        return
    calls = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in ("print", "exit", "quit")
    ]  # fmt: skip
    assert not calls, f"{module} calls {[c.func.id for c in calls]}"
    for name in _imports(tree, module):
        # web/processes.py starts worker interpreters (sys.executable) and is their main,
        # reading its job on stdin and answering on stdout: that is its one concern.
        assert name != "sys" or module in ("__main__.py", "web/processes.py"), (
            f"{module} imports sys"
        )
