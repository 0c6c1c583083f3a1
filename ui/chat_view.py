"""The conversation as HTML: each turn is the question as typed (and, in small print, the
standalone question it was asked as, which can be edited and asked again), the answer with its
sources, and thumbs up/down that record the answer as evaluation data. Everything from users and
documents is escaped."""
from __future__ import annotations

from dataclasses import dataclass

from rag.types import Answer
from ui import render
from ui.markup import esc

VOTES = ("up", "down")
MAX_REASK_CHARS = 2000
# a thumb drawn inline (emoji fonts are often missing); the down button shows it turned over
THUMB = ('<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" '
         'd="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 '
         '6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg>')


@dataclass
class ChatTurn:
    """One exchange on the page. The answer's ``asked_as`` (else its ``question``) is the
    standalone question that was asked."""

    asked: str
    answer: Answer
    vote: str | None = None  # "up" / "down" once feedback was given
    note: str = ""  # what the page said about the feedback
    edited: bool = False  # the standalone question was typed by the user ("Asked as" edited)

    @property
    def standalone(self) -> str:
        return getattr(self.answer, "asked_as", "") or self.answer.question

    @property
    def alternatives(self) -> list[str]:
        """The other rewrites that were considered, for the edit field's suggestions."""
        return [a.question for a in getattr(self.answer, "alternatives", []) or []
                if a.question != self.standalone]


def render_chat(turns: list[ChatTurn], draft: str = "", focus: int | None = None) -> str:
    """All turns, oldest first, then ``draft`` (a turn still being written), or a hint when
    nothing was asked yet. The page scrolls to turn ``focus`` (the draft when there is one)."""
    if not turns and not draft:
        return ('<div class="chat empty"><p class="hint">Ask a question about your documents. Follow-ups '
                'such as "and when was it signed?" are understood from the previous answer.</p></div>')
    return ('<div class="chat">' + "".join(render_turn(t, i, focus == i) for i, t in enumerate(turns))
            + draft + "</div>")


def rewritten(asked: str, standalone: str) -> bool:
    """Whether the question was asked as something else than typed (case and "?" aside)."""
    return " ".join(asked.split()).rstrip("?").lower() != " ".join(standalone.split()).rstrip("?").lower()


def render_question(asked: str, standalone: str, index: int | None = None,
                    alternatives: list[str] | None = None, edited: bool = False) -> str:
    """The user's question as typed, and the standalone question when the follow-up was rewritten;
    with ``index`` (a finished turn) that line has an Edit button that asks an edited one again."""
    small = ""
    if rewritten(asked, standalone) or edited:
        how = "Asked as (edited)" if edited else "Asked as"
        small = f'<p class="standalone">{how}: <span class="asked-as">{esc(standalone)}</span>'
        if index is not None:
            listed = f"alts-{index}"
            options = "".join(f'<option value="{esc(a)}"></option>' for a in alternatives or [])
            small += (f'<button type="button" class="edit-asked" title="Correct the question it was asked as">'
                      f'Edit</button></p><div class="reask" data-turn="{index}" hidden>'
                      f'<input type="text" maxlength="{MAX_REASK_CHARS}" value="{esc(standalone)}" '
                      f'aria-label="The question to ask instead"'
                      + (f' list="{listed}"><datalist id="{listed}">{options}</datalist>' if options else ">")
                      + f'<button type="button" class="reask-go" data-turn="{index}">Ask again</button>'
                      f'<button type="button" class="reask-cancel">Cancel</button></div>')
        else:
            small += "</p>"
    return f'<div class="question-bubble"><p class="asked">{esc(asked)}</p>{small}</div>'


def render_turn(turn: ChatTurn, index: int, focus: bool = False) -> str:
    mark = " data-focus" if focus else ""
    return (f'<div class="turn" data-turn="{index}"{mark}>'
            f'{render_question(turn.asked, turn.standalone, index, turn.alternatives, turn.edited)}'
            f'{render.render_answer(turn.answer, turn=index)}{render_feedback(turn, index)}</div>')


def render_pending(asked: str, standalone: str, body: str) -> str:
    """A turn whose answer is not ready yet (a streaming draft or a one-line message)."""
    return f'<div class="turn pending" data-focus>{render_question(asked, standalone)}{body}</div>'


def render_feedback(turn: ChatTurn, index: int) -> str:
    """Thumbs up/down; thumbs down opens a field for the right answer before it is sent."""
    if turn.vote:
        return (f'<div class="feedback done" data-vote-given="{esc(turn.vote)}">'
                f'<p>{esc(turn.note or "Thanks for the feedback.")}</p></div>')
    note = f'<p class="fb-note">{esc(turn.note)}</p>' if turn.note else ""
    placeholder = ("The right answer, as the documents say it"
                   if turn.answer.abstained else
                   "The right answer (leave empty if the documents do not answer this)")
    return (f'<div class="feedback" data-turn="{index}">{note}<span class="ask-vote">Was this right?</span>'
            f'<button type="button" class="vote up" data-vote="up" data-turn="{index}" title="Right" '
            f'aria-label="Right">{THUMB}</button>'
            f'<button type="button" class="vote down" data-vote="down-open" data-turn="{index}" '
            f'title="Wrong" aria-label="Wrong">{THUMB}</button>'
            f'<div class="fix" hidden><input type="text" maxlength="500" placeholder="{esc(placeholder)}">'
            f'<button type="button" class="send" data-vote="down" data-turn="{index}">Send</button></div></div>')


# The page's script for the conversation (gr.HTML js_on_load): citation chips and their previews,
# opening documents, editing the "Asked as" question, votes, copy buttons, and scrolling to the
# newest turn. Events go to Python with plain data; nothing from the page is inserted as HTML.
CHAT_JS = """
const previews = (box) => box ? [...box.querySelectorAll('.preview')] : [];
const showPreview = (chip, pin) => {
  const box = chip.closest('.answer-box');
  previews(box).forEach(p => { p.hidden = p.dataset.ref !== chip.dataset.ref; });
  box.querySelectorAll('button.ref').forEach(c => c.setAttribute('aria-expanded', String(c === chip)));
  box.dataset.pinned = pin ? chip.dataset.ref : '';
};
const hidePreviews = (box) => {
  previews(box).forEach(p => { p.hidden = true; });
  if (box) { box.dataset.pinned = ''; box.querySelectorAll('button.ref').forEach(c => c.setAttribute('aria-expanded', 'false')); }
};
const canHover = window.matchMedia('(hover: hover)').matches;
element.addEventListener('mouseover', (e) => {
  const chip = e.target.closest('button.ref');
  if (chip && canHover && !chip.closest('.answer-box').dataset.pinned) showPreview(chip, false);
});
element.addEventListener('mouseout', (e) => {
  const chip = e.target.closest('button.ref, .preview');
  if (!chip || !canHover) return;
  const box = chip.closest('.answer-box');
  const to = e.relatedTarget;
  if (box.dataset.pinned || (to && to.closest && to.closest('.preview, button.ref'))) return;
  hidePreviews(box);
});
element.addEventListener('click', (e) => {
  const chip = e.target.closest('button.ref');
  if (chip) {
    const box = chip.closest('.answer-box');
    if (box.dataset.pinned === chip.dataset.ref) hidePreviews(box); else showPreview(chip, true);
    return;
  }
  if (e.target.closest('.close-preview')) { hidePreviews(e.target.closest('.answer-box')); return; }
  const open = e.target.closest('[data-open]');
  if (open) {
    trigger('cite', {turn: Number(open.dataset.turn), what: open.dataset.open, n: Number(open.dataset.n)});
    return;
  }
  const edit = e.target.closest('.edit-asked');
  if (edit) {
    const form = edit.closest('.question-bubble').querySelector('.reask');
    form.hidden = false;
    const input = form.querySelector('input');
    input.focus();
    input.select();
    return;
  }
  if (e.target.closest('.reask-cancel')) { e.target.closest('.reask').hidden = true; return; }
  const go = e.target.closest('.reask-go');
  if (go) {
    const text = go.closest('.reask').querySelector('input').value;
    go.disabled = true;
    trigger('reask', {turn: Number(go.dataset.turn), question: text});
    return;
  }
  const vote = e.target.closest('[data-vote]');
  if (vote) {
    const box = vote.closest('.feedback');
    if (vote.dataset.vote === 'down-open') {
      const fix = box.querySelector('.fix');
      fix.hidden = false;
      fix.querySelector('input').focus();
      return;
    }
    const input = box.querySelector('.fix input');
    trigger('vote', {turn: Number(vote.dataset.turn), vote: vote.dataset.vote, answer: input ? input.value : ''});
    return;
  }
  const copy = e.target.closest('[data-copy]');
  if (copy) {
    const text = copy.dataset.copy;
    const done = () => { copy.textContent = 'Copied'; copy.classList.add('copied'); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => {});
    } else {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
      done();
    }
  }
});
element.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && e.target.matches('.fix input')) {
    e.preventDefault();
    e.target.closest('.fix').querySelector('.send').click();
  } else if (e.key === 'Enter' && e.target.matches('.reask input')) {
    e.preventDefault();
    e.target.closest('.reask').querySelector('.reask-go').click();
  } else if (e.key === 'Escape') {
    hidePreviews(e.target.closest('.answer-box'));
  }
});
// the newest turn (or the one just asked again) is scrolled into view, its top under the page's top
let lastFocus = '';
const follow = () => {
  const target = element.querySelector('.turn[data-focus]');
  if (!target) { lastFocus = ''; return; }
  const key = (target.dataset.turn || 'pending') + ':' + element.querySelectorAll('.turn').length;
  if (key === lastFocus) return;
  lastFocus = key;
  setTimeout(() => target.scrollIntoView({block: 'start', behavior: 'auto'}), 30);
};
watch('value', follow);
"""
