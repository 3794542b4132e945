"""Capturing evidence: WARC writing/reading, page text and metadata, WACZ, audit."""
