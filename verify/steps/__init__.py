"""The steps a user runs (init, source ..., extract, check, archive, assess, note, run).

Each is a plain function over a :class:`~verify.steps.case.CaseContext` (settings + store +
clock + actor) that calls the edges and the core.
"""
