"""Conformance suites: the checks every implementation of a plug-in protocol must pass, for our
built-ins and for third-party packages alike (as Haystack's document-store tests are reused).
A package tests its own part with, e.g., ``rag.testing.embedders.check_embedder(MyEmbedder())``."""
