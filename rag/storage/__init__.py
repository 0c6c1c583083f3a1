"""Storage: the index on disk. The chunk store (SQLite rows + a vector index, atomic generations), the vector indexes, format versions and the one-writer lock."""
