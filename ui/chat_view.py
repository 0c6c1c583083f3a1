"""The conversation as HTML: each turn is the question as typed (and, in small print, the
standalone question it was asked as), the answer with its sources, and thumbs up/down that
record the answer as evaluation data. Everything from users and documents is escaped."""
from __future__ import annotations

from dataclasses import dataclass

from rag.types import Answer
from ui import render
from ui.render import esc

VOTES = ("up", "down")
# a thumb drawn inline (emoji fonts are often missing); the down button shows it turned over
THUMB = ('<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" '
         'd="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 '
         '6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg>')


@dataclass
class ChatTurn:
    """One exchange on the page. ``answer.question`` is the standalone question that was asked."""

    asked: str
    answer: Answer
    vote: str | None = None  # "up" / "down" once feedback was given
    note: str = ""  # what the page said about the feedback

    @property
    def standalone(self) -> str:
        return self.answer.question


def render_chat(turns: list[ChatTurn], draft: str = "") -> str:
    """All turns, oldest first, then ``draft`` (a turn still being written), or a hint when
    nothing was asked yet."""
    if not turns and not draft:
        return ('<div class="chat empty"><p class="hint">Ask a question about your documents. Follow-ups '
                'such as "and when was it signed?" are understood from the previous answer.</p></div>')
    return '<div class="chat">' + "".join(render_turn(t, i) for i, t in enumerate(turns)) + draft + "</div>"


def render_question(asked: str, standalone: str) -> str:
    """The user's question as typed, and the standalone question when the follow-up was rewritten."""
    rewritten = " ".join(asked.split()).rstrip("?").lower() != " ".join(standalone.split()).rstrip("?").lower()
    small = f'<p class="standalone">Asked as: {esc(standalone)}</p>' if rewritten else ""
    return f'<div class="question-bubble"><p class="asked">{esc(asked)}</p>{small}</div>'


def render_turn(turn: ChatTurn, index: int) -> str:
    return (f'<div class="turn" data-turn="{index}">{render_question(turn.asked, turn.standalone)}'
            f'{render.render_answer(turn.answer, turn=index)}{render_feedback(turn, index)}</div>')


def render_pending(asked: str, standalone: str, body: str) -> str:
    """A turn whose answer is not ready yet (a streaming draft or a one-line message)."""
    return f'<div class="turn pending">{render_question(asked, standalone)}{body}</div>'


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


# The page's script for the conversation (gr.HTML js_on_load): clicks on citations, votes and
# copy buttons. Events go to Python with plain data; nothing from the page is inserted as HTML.
CHAT_JS = """
element.addEventListener('click', (e) => {
  const open = e.target.closest('[data-open]');
  if (open) {
    trigger('cite', {turn: Number(open.dataset.turn), what: open.dataset.open, n: Number(open.dataset.n)});
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
  }
});
"""
