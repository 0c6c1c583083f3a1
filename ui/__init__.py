"""The browser page (`rag serve`): Gradio layout, safe HTML rendering of answers, uploads."""
