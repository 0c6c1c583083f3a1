"""E-mails (.eml) with the standard library's ``email``: subject, sender, recipients and date,
then the body (plain text, or the visible text of the HTML part). An attachment in a format
we read is a document of its own, ``mail.eml/report.docx``, read by that format's loader (so
its citations name its own slide, row or page); others are listed in the mail's metadata."""
from __future__ import annotations

import re
import tempfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest import loaders
from rag.ingest.loaders import Sample
from rag.ingest.loaders.blocks import TextBuilder, one_line, reading
from rag.ingest.loaders.html import html_to_text
from rag.types import Document

HEADERS = ("Subject", "From", "To", "Date")
MAX_DEPTH = 2  # a mail attached to a mail attached to a mail is read; deeper is not


def attachment_name(part, used: set[str]) -> str:
    """A file name for an attachment: its own, made safe and unique within the mail."""
    raw = part.get_filename() or "attachment"
    name = re.sub(r"[^\w.-]+", "_", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip("._") or "attachment"
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{name}-{n}"
    used.add(candidate)
    return candidate


class EmlLoader:
    name = "eml"
    suffixes = (".eml",)
    corpus = False

    def load(self, path: Path, doc_id: str, depth: int = 0) -> Document | list[Document]:
        """The mail, then each readable attachment as ``doc_id/NAME`` (a list when there are any)."""
        out = TextBuilder()
        parts: list[Document] = []
        skipped: list[str] = []
        with reading(path, "e-mail"):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            header = "\n".join(f"{key}: {one_line(message[key], 400)}" for key in HEADERS if message[key])
            out.add(header, "header")
            body = message.get_body(preferencelist=("plain", "html"))
            if body is not None:
                content = body.get_content()
                if isinstance(content, bytes):
                    content = content.decode("utf-8", errors="replace")
                if body.get_content_subtype() == "html":
                    content = html_to_text(content)[1]
                out.add(content, "body")
            used: set[str] = set()
            for part in message.iter_attachments():
                name = attachment_name(part, used)
                doc = self._attachment(path, f"{doc_id}/{name}", name, part, depth)
                if isinstance(doc, str):
                    skipped.append(doc)
                else:
                    parts.extend(doc)
            subject = one_line(message["Subject"] or "", 200)
        if not out.text.strip() and parts:
            out.add(f"Attachments: {', '.join(d.doc_id.rsplit('/', 1)[-1] for d in parts)}", "header")
        mail = out.document(path, doc_id, "eml", title=subject,
                            attachments=[d.doc_id for d in parts if d.doc_id.count("/") == doc_id.count("/") + 1],
                            **({"skipped_attachments": skipped} if skipped else {}))
        return [mail, *parts] if parts else mail

    def _attachment(self, path: Path, part_id: str, name: str, part, depth: int) -> list[Document] | str:
        """The attachment's documents, or why it is not read (one line)."""
        loader = loaders.loader_for(Path(name))
        if loader is None or loader.corpus or (isinstance(loader, EmlLoader) and depth >= MAX_DEPTH):
            return f"{name}: not a format we read"
        payload = part.get_payload(decode=True)
        if not payload:
            return f"{name}: empty"
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / name
            file.write_bytes(payload)
            try:
                got = loader.load(file, part_id, depth + 1) if isinstance(loader, EmlLoader) else loader.load(file, part_id)
            except DocumentError as exc:
                return str(exc).replace(str(file), name)
        docs = got if isinstance(got, list) else [got]
        for doc in docs:
            doc.metadata.update(source=str(path), attachment=doc.doc_id[len(part_id) - len(name):])
        return docs

    def write_sample(self, folder: Path) -> Sample:
        path = folder / "sample.eml"
        path.write_bytes(mail_bytes("Harbour hours", "ops@example.org", "The harbour opens at six – “sharp”.",
                                    [("hours.txt", b"Ferries leave every 40 minutes.\n"), ("logo.bin", b"\x00\x01")]))
        header = "Subject: Harbour hours\nFrom: ops@example.org\nTo: team@example.org\nDate: Mon, 01 Jan 2024 09:00:00 +0000"
        return Sample(path, {"sample": header + "\n\nThe harbour opens at six – “sharp”.",
                             "sample/hours.txt": "Ferries leave every 40 minutes.\n"})


def mail_bytes(subject: str, sender: str, body: str, attachments: list[tuple[str, bytes]] = ()) -> bytes:
    """A real RFC 5322 message with attachments (for samples, tests and the benchmark)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, sender, "team@example.org"
    message["Date"] = "Mon, 01 Jan 2024 09:00:00 +0000"
    message.set_content(body)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes(policy=policy.SMTP)
