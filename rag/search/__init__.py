"""Search: rankers (dense, BM25) and the retriever that fuses them into passages."""
