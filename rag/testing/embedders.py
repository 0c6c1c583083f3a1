"""What an embedder must do for the index and the retriever to be right with it."""
from __future__ import annotations

import numpy as np

TEXTS = ["Japan will buy the Joint Strike Missile for its F-35A fighters.",
         "The memorandum on defence equipment was signed in Tokyo.",
         "Photosynthesis turns light into chemical energy.",
         "東京 défense 🚀 — mixed scripts and symbols",
         ""]


def check_embedder(embedder) -> None:
    """Raises AssertionError naming the first broken promise."""
    assert isinstance(embedder.name, str) and embedder.name, "an embedder names its model (the index records it)"
    assert embedder.dimension > 0 and embedder.max_tokens > 2
    assert embedder.encode([]).shape == (0, embedder.dimension), "no texts: an empty (0, dim) array"

    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), embedder.dimension) and vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors)), "no NaN or inf, also for an empty text"
    norms = np.linalg.norm(vectors[:-1], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3), f"vectors are L2-normalised (inner product = cosine): {norms}"

    # order and batching do not change a text's vector; the cached path gives the same vectors
    alone = np.stack([embedder.encode([t])[0] for t in TEXTS])
    assert np.allclose(alone, vectors, atol=2e-3), "a text's vector does not depend on its batch"
    assert np.allclose(embedder.encode(TEXTS[::-1])[::-1], vectors, atol=2e-3)
    assert np.allclose(embedder.encode_cached(TEXTS[:2]), vectors[:2], atol=2e-3)

    # meaning: a paraphrase is nearer than an unrelated sentence
    q = embedder.encode(["Which missile can Japan's F-35A carry?"])[0]
    assert q @ vectors[0] > q @ vectors[2] + 0.1, "a related text is nearer than an unrelated one"

    # token limit: counted with the model's own tokenizer; a text past it still encodes
    long = "word " * (embedder.max_tokens * 3)
    assert embedder.count_tokens(long) > embedder.max_tokens
    assert embedder.count_tokens("hello") <= embedder.max_tokens
    assert np.isfinite(embedder.encode([long])).all()
