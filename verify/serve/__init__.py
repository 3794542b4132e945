"""The officer's desk: the whole case in a browser (`verify serve`).

An interface like :mod:`verify.cli`: each page calls the same step functions as the command
line, renders with Jinja2 (autoescaping), and turns a :class:`~verify.errors.VerifyError` into
its one-line message and an HTTP status. Nothing in the library imports it.
"""

from __future__ import annotations

from .app import create_app
from .server import DeskServer, is_loopback, prepare

__all__ = ["DeskServer", "create_app", "is_loopback", "prepare"]
