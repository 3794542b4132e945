"""Availability checking: the safe HTTP client, status classification, web-archive lookups."""
