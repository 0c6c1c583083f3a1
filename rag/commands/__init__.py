"""Subcommands of the `rag` CLI (see rag/cli.py)."""
