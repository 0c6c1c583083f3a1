"""Offline, citation-first question answering over a document collection."""
from rag.assistant import Assistant
from rag.errors import RagError
from rag.types import Answer, Chunk, Citation, Document, Passage

__all__ = ["Assistant", "Answer", "Chunk", "Citation", "Document", "Passage", "RagError"]
__version__ = "0.1.0"
