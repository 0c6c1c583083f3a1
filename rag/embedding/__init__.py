"""Embedding: text to normalised vectors. The torch (sentence-transformers) and int8 ONNX embedders, and the checked ONNX sessions the reader shares."""
