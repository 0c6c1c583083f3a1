"""Ingest: files to Documents (one loader per format), sentences, chunks under a token budget, stable ids, and the incremental indexer (locally or on Ray)."""
