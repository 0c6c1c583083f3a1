"""The Gradio page: an Ask tab laid out as a chat (the conversation, the question box fixed at
the bottom; example questions and settings out of the way once it starts; answers with compact
sources that open the whole document in a side panel, thumbs up/down) and a Documents tab
(upload, list, remove). Layout only; ui.service does the work."""
from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ui import render  # noqa: E402
from ui.chat_view import CHAT_JS, render_chat  # noqa: E402
from ui.doc_view import DOC_JS  # noqa: E402
from ui.examples import example_questions  # noqa: E402
from ui.service import DOC_HEADERS, PageService  # noqa: E402
from ui.theme import CSS, theme  # noqa: E402
from ui.uploads import ALLOWED_SUFFIXES, MAX_UPLOAD_BYTES  # noqa: E402

TITLE = "Ask your documents"
QUEUE_SIZE = 64  # waiting requests beyond this are refused instead of piling up


def _head_html(n_docs: int, n_chunks: int) -> str:
    return (f'<div id="page-head"><h1>{render.esc(TITLE)}</h1>'
            f'<p>Answers come from {n_docs} indexed document{"s" if n_docs != 1 else ""} '
            f'({n_chunks} passages), each with the exact passage it rests on. When the documents '
            f'do not hold the answer, the page says so.</p></div>')


def _generator_hint(choices: list[str]) -> str:
    if "llm" in choices:
        return "extractive quotes the source; llm writes with a local model"
    return "extractive quotes the source (a local model that writes answers can be installed: docs/llm.md)"


def create_app(service: PageService) -> gr.Blocks:
    """The page over one PageService; launch it with ``launch(app, ...)``."""
    settings = service.settings
    rows = service.document_rows()
    examples = example_questions([r[0] for r in rows])

    def ask(question: str, turns: list, k: float, retriever: str, generator: str):
        _, refused = service.check(question)
        first = True
        for chat_html, kept in service.chat(question, turns, k, retriever, generator):
            # the box empties once the question is taken; a refused one stays to be shortened
            yield chat_html, kept, ("" if first and not refused else gr.skip())
            first = False

    def reask(turns: list, k: float, retriever: str, generator: str, evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        yield from service.reask(turns, data.get("turn"), data.get("question"), k, retriever, generator)

    def cite(turns: list, evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        return service.open_document(turns, data.get("turn"), data.get("what"), data.get("n"))

    def vote(turns: list, evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        return service.vote(turns, data.get("turn"), data.get("vote"), data.get("answer", ""))

    def clear():
        return render_chat([]), [], "", ""

    def add(files: list[str] | None, progress=gr.Progress()):
        status = service.add_files(files, lambda i, n, desc: progress((i, n), desc=desc, unit="files"))
        return (None, status, *_doc_views())

    def remove(doc_id: str | None):
        status = service.remove(doc_id)
        return (status, *_doc_views())

    def _doc_views() -> tuple[Any, Any, str]:
        docs = service.document_rows()
        return (gr.Dataframe(value=docs or None, headers=DOC_HEADERS),
                gr.Dropdown(choices=[r[0] for r in docs], value=None),
                _head_html(len(docs), sum(int(r[2]) for r in docs)))

    # uploads are copied into the index folder at once, so Gradio's temporary copies can go after an hour
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600), fill_height=False) as app:
        turns = gr.State([])
        header = gr.HTML(_head_html(len(rows), sum(int(r[2]) for r in rows)), elem_id="page-head-box",
                         js_on_load=None)
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Ask", id="tab-ask", elem_id="tab-ask"):
                # no max_length: a question over the limit is refused with a message, never cut
                question = gr.Textbox(show_label=False, placeholder="Ask a question, or a follow-up…",
                                      elem_id="question", scale=1, lines=1, max_lines=4, autofocus=True,
                                      min_width=0, render=False)
                with gr.Row(elem_id="chat-tools"):
                    with gr.Accordion("Settings", open=False, elem_id="settings"):
                        with gr.Row(elem_id="settings-radios"):
                            retriever = gr.Radio(list(service.assistant.retrievers), value=settings.retriever,
                                                 label="Retriever", elem_id="retriever", min_width=200,
                                                 info="hybrid = meaning (dense) + keywords (BM25)")
                            choices = service.generator_choices()
                            generator = gr.Radio(choices, value=settings.generator, label="Answer",
                                                 info=_generator_hint(choices), elem_id="generator", min_width=200)
                        k = gr.Slider(1, 20, value=settings.default_k, step=1, label="Passages (k)", elem_id="k")
                    clear_btn = gr.Button("New conversation", variant="secondary", elem_id="clear", scale=0,
                                          min_width=0, size="sm")
                chat = gr.HTML(render_chat([]), elem_id="chat", js_on_load=CHAT_JS)
                if examples:
                    gr.Examples(examples=[[q] for q in examples], inputs=[question], label="Try one of these",
                                elem_id="examples")
                with gr.Row(elem_id="ask-row", equal_height=True):
                    question.render()
                    ask_btn = gr.Button("Ask", variant="primary", elem_id="ask", scale=0, min_width=0)
            with gr.Tab("Documents", id="tab-docs", elem_id="tab-docs"):
                # no file_types: Gradio's own check puts the file name into its toast as markup;
                # ui.uploads refuses other types with an escaped one-line message instead
                upload = gr.File(label=f"Add documents ({', '.join(ALLOWED_SUFFIXES)}; up to "
                                       f"{MAX_UPLOAD_BYTES // 2**20} MB each)",
                                 file_count="multiple", elem_id="upload")
                doc_status = gr.HTML("", elem_id="doc-status", js_on_load=None)
                table = gr.Dataframe(value=rows or None, headers=DOC_HEADERS, interactive=False,
                                     wrap=True, elem_id="doc-table", label="Indexed documents",
                                     column_widths=["30%", "45%", "11%", "14%"])
                with gr.Row():
                    pick = gr.Dropdown(choices=[r[0] for r in rows], value=None, label="Remove a document",
                                       elem_id="remove-pick", scale=4)
                    remove_btn = gr.Button("Remove", variant="stop", elem_id="remove", scale=1, size="md")
        doc_panel = gr.HTML("", elem_id="doc-panel", js_on_load=DOC_JS)

        ask_inputs = [question, turns, k, retriever, generator]
        for trigger in (ask_btn.click, question.submit):
            trigger(ask, ask_inputs, [chat, turns, question], concurrency_id="answer", concurrency_limit=1,
                    show_progress="minimal", api_visibility="private")
        chat.reask(reask, [turns, k, retriever, generator], [chat, turns], concurrency_id="answer",
                   concurrency_limit=1, show_progress="minimal", api_visibility="private")
        chat.cite(cite, [turns], [doc_panel], show_progress="hidden", api_visibility="private")
        chat.vote(vote, [turns], [chat, turns], show_progress="hidden", api_visibility="private")
        clear_btn.click(clear, None, [chat, turns, question, doc_panel], api_visibility="private")
        upload.upload(add, [upload], [upload, doc_status, table, pick, header], concurrency_id="index",
                      concurrency_limit=1, api_visibility="private")
        remove_btn.click(remove, [pick], [doc_status, table, pick, header], concurrency_id="index",
                         concurrency_limit=1, api_visibility="private")
        app.load(lambda: _doc_views(), None, [table, pick, header], show_progress="hidden",
                 api_visibility="private")
    app.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1)
    return app


def mount(root: Any, app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None) -> Any:
    """Mount the page at / on ``root`` (a FastAPI app: `rag serve`'s, which holds the JSON API),
    with the same settings as ``launch``."""
    return gr.mount_gradio_app(root, app, path="/", server_name=host, server_port=port, auth=auth,
                               auth_message="Sign in to ask the documents." if auth else None,
                               show_error=False, max_file_size=MAX_UPLOAD_BYTES, ssr_mode=False,
                               mcp_server=False, pwa=False, footer_links=[], theme=theme(), css=CSS)


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860,
           auth: tuple[str, str] | None = None, block: bool = True) -> str:
    """Start serving and return the local address; with ``block`` wait until interrupted."""
    _, local_url, _ = app.launch(server_name=host, server_port=port, auth=auth,
                                 auth_message="Sign in to ask the documents." if auth else None,
                                 prevent_thread_lock=True, quiet=True, share=False, inbrowser=False,
                                 show_error=False, max_file_size=MAX_UPLOAD_BYTES, ssr_mode=False,
                                 mcp_server=False, pwa=False, footer_links=[], theme=theme(), css=CSS)
    if block:
        print(f"Serving on {local_url} (Ctrl+C to stop)", flush=True)
        app.block_thread()
    return local_url
