"""The page's look: a calm theme with system fonts (nothing fetched from the internet) and CSS
that keeps everything within a readable width and wraps long text instead of scrolling."""
from __future__ import annotations

import gradio as gr

SYSTEM_FONTS = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue",
                "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="indigo", secondary_hue="slate", neutral_hue="slate",
                          font=SYSTEM_FONTS, font_mono=MONO_FONTS, radius_size="md")


CSS = """
.gradio-container { max-width: 940px !important; margin: 0 auto !important; }
#page-head h1 { font-size: 1.6rem; font-weight: 650; margin: 0.4rem 0 0.1rem; }
#page-head p { margin: 0; color: var(--body-text-color-subdued); font-size: 0.92rem; }
/* a chat: the question box fixed at the bottom, full width on a phone */
#tab-ask { padding-bottom: 92px !important; }
#ask-row { position: fixed !important; bottom: 0; left: 0; right: 0; margin: 0 auto !important; z-index: 500;
  width: min(940px, 100%) !important; max-width: 100% !important; flex-wrap: nowrap !important; gap: 8px !important;
  padding: 10px 16px 14px !important; background: var(--background-fill-primary);
  border-top: 1px solid var(--border-color-primary); box-shadow: 0 -6px 18px rgba(15, 23, 42, 0.07);
  align-items: stretch; box-sizing: border-box; }
#ask-row > * { min-width: 0 !important; }
#question { flex: 1 1 auto !important; }
#ask { flex: 0 0 auto !important; width: 88px; min-width: 56px !important; }
#question.block { padding: 4px !important; }
/* (outside @media: Gradio scopes rules inside one to .contain, below the padded .main) */
.gradio-container .main.app { padding-left: clamp(8px, 2.5vw, 32px) !important;
  padding-right: clamp(8px, 2.5vw, 32px) !important; }
@media (max-width: 600px) {
  #ask-row { padding: 8px 8px 10px !important; gap: 6px !important; }
  #ask { width: 56px; padding-left: 4px !important; padding-right: 4px !important; }
}
/* examples until the conversation starts; settings folded above it; "New conversation" once it has */
.gradio-container:has(#chat .turn) #examples,
.gradio-container:has(#chat .turn) #page-head p { display: none !important; }
#chat-tools { flex-wrap: nowrap !important; align-items: flex-start; gap: 8px; }
#chat-tools > #settings { flex: 1 1 auto !important; min-width: 0 !important; }
#clear { flex: 0 0 auto !important; align-self: flex-start; }
.gradio-container:not(:has(#chat .turn)) #clear { display: none !important; }

.rag-result, .notice { line-height: 1.55; max-width: 100%; min-width: 0; overflow-wrap: anywhere; }
.rag-result .answer-box { border-left: 4px solid var(--color-accent); padding: 12px 16px;
  margin: 4px 0 10px; border-radius: 8px; background: var(--block-background-fill);
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.06); }
.rag-result .label { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--body-text-color-subdued); font-weight: 600; }
.rag-result .answer-text { font-size: 1.22rem; font-weight: 600; margin: 4px 0 2px;
  white-space: pre-wrap; }
.rag-result .answer-text.long { font-size: 1.02rem; font-weight: 450; }
.rag-result .ref { font-size: 0.75rem; font-weight: 650; vertical-align: 0.2em; line-height: 1.45;
  color: var(--color-accent); margin-left: 3px; border: 0; padding: 0 6px; font-family: inherit;
  background: var(--color-accent-soft); border-radius: 999px; display: inline-block; min-width: 1.9em; }
.rag-result button.ref { cursor: pointer; }
.rag-result button.ref:hover, .rag-result button.ref[aria-expanded="true"] { background: var(--color-accent);
  color: white; }
.rag-result .previews { position: relative; height: 0; }
.rag-result .preview { position: absolute; top: 2px; left: 0; right: 0; z-index: 40; font-size: 0.92rem;
  background: var(--background-fill-primary); border: 1px solid var(--color-accent); border-radius: 10px;
  padding: 10px 14px; box-shadow: 0 10px 28px rgba(15, 23, 42, 0.2); font-weight: 400; }
.rag-result .preview[hidden] { display: none; }
.rag-result .pv-head { display: flex; gap: 8px; align-items: baseline; }
.rag-result .pv-title { font-weight: 650; flex: 1; min-width: 0; }
.rag-result .close-preview, #doc-panel .close-doc { border: 0 !important; background: none !important; cursor: pointer;
  color: var(--body-text-color-subdued); box-shadow: none !important; padding: 0 4px !important; min-width: 0 !important;
  width: auto !important; height: auto !important; flex: none; font-size: 1rem; line-height: 1.2; }
.rag-result .pv-quote { margin: 6px 0 8px; }
.rag-result .pv-open { font-size: 0.82rem; border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 2px 10px; background: var(--background-fill-secondary); cursor: pointer; }
.rag-result .answer-line { display: flex; gap: 10px; align-items: flex-start; justify-content: space-between; }
.rag-result .copy { flex: none; font-size: 0.75rem; border: 1px solid var(--border-color-primary);
  border-radius: 6px; padding: 2px 8px; margin-top: 6px; background: var(--background-fill-primary);
  cursor: pointer; color: var(--body-text-color-subdued); }
.rag-result .copy.copied { color: #15803d; border-color: #86efac; }
.rag-result .support-line { margin: 2px 0 0; font-size: 0.95rem; color: var(--body-text-color-subdued); }
.rag-result details.why { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-top: 10px; }
.rag-result details.why summary { cursor: pointer; }
.rag-result details.why p { margin: 2px 0 0 14px; }
.rag-result .reason { margin: 4px 0 0; font-size: 0.92rem; color: var(--body-text-color-subdued); }
.rag-result .section-title { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--body-text-color-subdued); margin: 18px 0 6px; font-weight: 600; }
.rag-result article.source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 14px; margin: 8px 0; background: var(--block-background-fill); }
.rag-result article.source.cited { border-color: var(--color-accent-soft);
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.06); }
.rag-result article.source header { margin-bottom: 6px; font-size: 0.84rem;
  color: var(--body-text-color-subdued); }
.rag-result article.source .meta { display: flex; flex-wrap: wrap; gap: 2px 12px; align-items: baseline; }
.rag-result .num { font-weight: 700; color: var(--color-accent); }
.rag-result .rank { font-weight: 600; font-size: 0.78rem; }
.rag-result .heading { display: flex; gap: 8px; align-items: baseline; min-width: 0; }
.rag-result .doc-title { font-weight: 650; font-size: 0.95rem; color: var(--body-text-color); text-align: left;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; min-width: 0;
  background: none; border: 0; padding: 0; font-family: inherit; }
.rag-result button.doc-title, .rag-result button.ref { cursor: pointer; box-shadow: none; }
.rag-result .num, .rag-result .rank { flex: none; }
.rag-result button.doc-title:hover { color: var(--color-accent); text-decoration: underline; }
.rag-result .doc-name { font-family: var(--font-mono); font-size: 0.78rem; }
.rag-result .loc, .rag-result .relevance { white-space: nowrap; }
.rag-result .relevance { margin-left: auto; display: inline-flex; align-items: center; gap: 6px; }
.rag-result .rel-bar { display: inline-block; width: 56px; height: 6px; border-radius: 3px;
  background: var(--border-color-primary); overflow: hidden; }
.rag-result .rel-bar span { display: block; height: 100%; background: var(--color-accent); }
.rag-result .excerpt, .rag-result .passage-text { white-space: pre-wrap; font-size: 0.95rem;
  color: var(--body-text-color); }
.rag-result details.full { margin-top: 4px; }
.rag-result details.full summary { cursor: pointer; font-size: 0.8rem; color: var(--body-text-color-subdued); }
.rag-result details.full .passage-text { margin-top: 4px; font-size: 0.9rem; padding-left: 10px;
  border-left: 2px solid var(--border-color-primary); }
.rag-result mark { color: #1f2937; border-radius: 3px; padding: 1px 0; }
.rag-result mark.support { background: #fdf3c4; }
.rag-result mark.answer { background: #fbd54a; font-weight: 700; box-shadow: inset 0 -2px 0 #d4a106; }
.rag-result details.others { margin-top: 14px; border-top: 1px solid var(--border-color-primary);
  padding-top: 8px; }
.rag-result details.others summary { cursor: pointer; color: var(--body-text-color-subdued);
  font-weight: 600; font-size: 0.9rem; }
.rag-result details.others article.source { opacity: 0.92; }
.rag-result details.why .where, .rag-result details.why .timings { font-size: 0.74rem; }
.rag-result .drafting .caret { animation: rag-blink 1s steps(2) infinite; color: var(--color-accent); }
@keyframes rag-blink { 50% { opacity: 0; } }

.notice { border-radius: 8px; padding: 10px 14px; margin: 4px 0; border-left: 4px solid; }
.notice p { margin: 0; }
.notice.abstain { background: #f1f5f9; border-color: #64748b; color: #1e293b; }
.notice.abstain .answer-text { font-size: 1.1rem; }
.notice.error { background: #fef2f2; border-color: #dc2626; color: #7f1d1d; }
.notice.ok { background: #f0fdf4; border-color: #16a34a; color: #14532d; }
.notice.info { background: #eff6ff; border-color: #2563eb; color: #1e3a8a; }
.dark .notice.abstain { background: #1e293b; color: #e2e8f0; }
.dark .notice.error { background: #450a0a; color: #fecaca; }
.dark .notice.ok { background: #052e16; color: #bbf7d0; }
.dark .notice.info { background: #172554; color: #bfdbfe; }
.rag-result .notice.abstain .reason { color: inherit; opacity: 0.85; }
footer { opacity: 0.6; }

#chat, #chat .chat { min-width: 0; max-width: 100%; }
#chat .chat.empty .hint { color: var(--body-text-color-subdued); font-size: 0.92rem; margin: 6px 2px; }
#chat .turn { margin: 6px 0 22px; padding-bottom: 14px; border-bottom: 1px solid var(--border-color-primary);
  scroll-margin-top: 10px; }
#chat .question-bubble { margin: 0 0 8px auto; max-width: 85%; width: fit-content; background: var(--color-accent-soft);
  border-radius: 14px 14px 4px 14px; padding: 8px 14px; overflow-wrap: anywhere; }
#chat .question-bubble p { margin: 0; }
#chat .question-bubble .asked { font-weight: 600; }
#chat .question-bubble .standalone { font-size: 0.78rem; color: var(--body-text-color-subdued); margin-top: 2px; }
#chat .question-bubble:has(.reask:not([hidden])) { width: 100%; max-width: 100%; }
#chat .edit-asked { margin-left: 6px; font-size: 0.72rem; border: 1px solid var(--border-color-primary);
  border-radius: 6px; padding: 0 6px; background: var(--background-fill-primary); cursor: pointer;
  color: var(--body-text-color-subdued); }
#chat .reask { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
#chat .reask[hidden] { display: none; }
#chat .reask input { flex: 1 1 220px; min-width: 0; padding: 4px 8px; border: 1px solid var(--border-color-primary);
  border-radius: 6px; background: var(--background-fill-primary); color: var(--body-text-color); }
#chat .reask button { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 2px 10px;
  background: var(--background-fill-primary); cursor: pointer; }
#chat .reask .reask-go { background: var(--color-accent); color: white; border-color: var(--color-accent); }
#chat .searching { color: var(--body-text-color-subdued); font-style: italic; }
#chat .feedback { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 0.85rem;
  color: var(--body-text-color-subdued); margin-top: 6px; }
#chat .feedback .vote { display: inline-flex; align-items: center; color: var(--body-text-color-subdued); }
#chat .feedback .vote.down svg { transform: rotate(180deg); }
#chat .feedback .vote:hover { color: var(--color-accent); }
#chat .feedback .fb-note { flex-basis: 100%; margin: 0; }
#chat .feedback button { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 2px 10px;
  background: var(--background-fill-primary); cursor: pointer; font-size: 0.95rem; }
#chat .feedback .fix { display: flex; gap: 6px; flex: 1 1 320px; }
#chat .feedback .fix[hidden] { display: none; }
#chat .feedback .fix input { flex: 1; min-width: 0; padding: 3px 8px; border: 1px solid var(--border-color-primary);
  border-radius: 6px; background: var(--background-fill-primary); color: var(--body-text-color); }
#chat .feedback.done p { margin: 0; color: #15803d; }
@media (min-width: 720px) {
  #settings-radios { flex-wrap: nowrap; }
  #settings-radios .wrap { flex-wrap: nowrap; }
}

#doc-panel:not(:has(.doc-view)) { display: none !important; }
#doc-panel:has(.doc-view) { position: fixed !important; top: 0; right: 0; bottom: 0; width: min(640px, 100vw);
  z-index: 1000; overflow-y: auto; background: var(--background-fill-primary); padding: 14px 20px 40px;
  box-shadow: -10px 0 28px rgba(15, 23, 42, 0.22); border-left: 1px solid var(--border-color-primary); }
#doc-panel .doc-view header { position: sticky; top: -14px; background: var(--background-fill-primary);
  padding: 6px 0 8px; border-bottom: 1px solid var(--border-color-primary); margin-bottom: 10px; }
#doc-panel .close-doc { float: right; border: 0; background: none; font-size: 1.1rem; cursor: pointer;
  color: var(--body-text-color-subdued); }
#doc-panel .doc-label { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--body-text-color-subdued); font-weight: 600; }
#doc-panel .doc-heading { font-size: 1.1rem; margin: 2px 0; }
#doc-panel .meta { font-size: 0.8rem; color: var(--body-text-color-subdued); display: flex; gap: 12px; }
#doc-panel .doc-name { font-family: var(--font-mono); }
#doc-panel .doc-text { white-space: pre-wrap; line-height: 1.6; font-size: 0.95rem; overflow-wrap: anywhere; }
#doc-panel mark { color: #1f2937; border-radius: 3px; }
#doc-panel mark.support { background: #fdf3c4; }
#doc-panel mark.answer { background: #fbd54a; font-weight: 700; }
"""
